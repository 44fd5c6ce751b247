using Microsoft.Extensions.Options;

namespace Neptune.GitHub;

/// <summary>Checks <see cref="GitHubOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = GitHubOptions.SectionName;
        var failures = new List<string>();

        ValidateUrl(Section + ":ApiUrl", options.ApiUrl, GitHubOptions.DefaultApiUrl + "' or 'https://github.example.com/api/v3/", failures);
        ValidateUrl(Section + ":WebUrl", options.WebUrl, GitHubOptions.DefaultWebUrl, failures);
        ValidateUrl(Section + ":NeptuneBaseUrl", options.NeptuneBaseUrl, GitHubOptions.DefaultNeptuneBaseUrl, failures);

        if (options.Token is null)
        {
            failures.Add($"{Section}:Token is not set; set it to a GitHub token with the checks:write and contents:read permissions (GitHub App authentication is not supported yet, so a token is required).");
        }
        else if (string.IsNullOrWhiteSpace(options.Token) || options.Token.Any(char.IsControl) || options.Token.Any(char.IsWhiteSpace))
        {
            failures.Add($"{Section}:Token is blank or holds spaces or control characters; set it to the GitHub token.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add($"{Section}:MaxAttempts is {options.MaxAttempts}; set it to 1 or more (1 means no retry), e.g. {GitHubOptions.DefaultMaxAttempts}.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RetryBaseDelay is {options.RetryBaseDelay}; set it above zero, e.g. 00:00:01.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay is {options.RetryMaxDelay}; set it to at least {Section}:RetryBaseDelay ({options.RetryBaseDelay}), e.g. 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUrl(string key, string? value, string example, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is empty; set it to an absolute http(s) URL such as '{example}'.");
            return;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} is '{value}', which is not an absolute http(s) URL; set it to a URL such as '{example}'.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{key} is '{uri.Scheme}://{uri.Authority}/…' with credentials, a query or a fragment; set it to a plain base URL such as '{example}'.");
        }
    }
}
