using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Neptune.Hosting.InProcess;

/// <summary>Checks the settings data annotations cannot: redaction patterns compile and buffers are positive.</summary>
public sealed class InProcessOptionsValidator : IValidateOptions<InProcessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var pattern in options.JobLogs.RedactionPatterns)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                failures.Add($"Neptune:JobLogs:RedactionPatterns has an invalid regular expression '{pattern}': {e.Message}");
            }
        }

        if (options.JobLogs.ReaderBufferLines <= 0)
        {
            failures.Add($"Neptune:JobLogs:ReaderBufferLines must be positive (it is {options.JobLogs.ReaderBufferLines}); the default is {Logs.JobLogOptions.DefaultReaderBufferLines}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
