using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Ports;

namespace Neptune.Terraform;

/// <summary>
/// Runs the terraform (or OpenTofu <c>tofu</c>) CLI. Output is streamed line by line into
/// <see cref="TerraformContext.Log"/> as it is produced; a non-zero exit throws
/// <see cref="TerraformClientException"/>; cancellation sends SIGTERM, then SIGKILL after
/// <see cref="TerraformOptions.CancellationGracePeriod"/>, and throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class TerraformCliExecutor : ITerraformExecutor
{
    private static bool IsNeptuneSetting(string name) =>
        name.StartsWith("Neptune__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Neptune:", StringComparison.OrdinalIgnoreCase);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TerraformOptions _options;
    private readonly ILogger<TerraformCliExecutor> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TerraformProcess _process;

    /// <summary>Creates the executor; <paramref name="options"/> are validated here so a bad setting fails early.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public TerraformCliExecutor(IOptions<TerraformOptions> options, ILogger<TerraformCliExecutor> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        var validation = new TerraformOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TerraformOptions), validation.Failures);
        }

        _logger = logger;
        _timeProvider = timeProvider;
        _process = new TerraformProcess(_options, timeProvider, logger);
    }

    /// <summary>
    /// Test seam: sees every line right after it is written to the job log. The job log offers writing
    /// only, so tests observe what it received, and when, through this.
    /// </summary>
    internal Action<string>? LineObserved { get; set; }

    /// <inheritdoc />
    public Task InitAsync(TerraformContext context, CancellationToken cancellationToken) =>
        RunAsync(context, "init", ["init", "-input=false"], stdoutCapture: null, cancellationToken);

    /// <inheritdoc />
    public Task PlanAsync(TerraformContext context, string planFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planFile);
        return RunAsync(context, "plan", ["plan", "-input=false", "-refresh=true", "-out=" + planFile], stdoutCapture: null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>stdout is the JSON and is returned, not logged; stderr goes to the job log.</remarks>
    public async Task<byte[]> ShowJsonAsync(TerraformContext context, string planFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planFile);
        using var json = new MemoryStream();
        await RunAsync(context, "show", ["show", "-json", planFile], json, cancellationToken).ConfigureAwait(false);
        return json.ToArray();
    }

    /// <inheritdoc />
    public Task ApplyAsync(TerraformContext context, string planFile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planFile);
        return RunAsync(context, "apply", ["apply", "-input=false", planFile], stdoutCapture: null, cancellationToken);
    }

    private async Task RunAsync(TerraformContext context, string command, string[] arguments, Stream? stdoutCapture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var startInfo = CreateStartInfo(context, arguments);
        var log = context.Log;
        var observer = LineObserved;
        void WriteLine(string line)
        {
            log.WriteLine(line);
            observer?.Invoke(line);
        }

        TerraformLog.Starting(_logger, command, context.WorkingDirectory, _options.Path);
        var started = _timeProvider.GetTimestamp();
        var exitCode = await _process.RunAsync(startInfo, WriteLine, context.Heartbeat, stdoutCapture, cancellationToken).ConfigureAwait(false);
        TerraformLog.Exited(_logger, command, exitCode, _timeProvider.GetElapsedTime(started));
        if (exitCode != 0)
        {
            throw new TerraformClientException(command, exitCode);
        }
    }

    private ProcessStartInfo CreateStartInfo(TerraformContext context, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(_options.Path)
        {
            WorkingDirectory = context.WorkingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };

        // An argument list, never a command string: paths with spaces or quotes pass through untouched.
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The host's own settings (admin token, webhook secret, GitHub App key path, ...) reach it as Neptune__*
        // variables; terraform has no use for them, and a root can print any variable into its job log.
        var environment = startInfo.Environment;
        foreach (var name in environment.Keys.Where(IsNeptuneSetting).ToList())
        {
            environment.Remove(name);
        }

        // The run's own variables are the most specific, so they win over the host-wide ones.
        foreach (var (name, value) in _options.Environment)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in context.Environment)
        {
            environment[name] = value;
        }

        // Set last because the executor depends on them: nobody can answer a prompt, and terraform
        // words its output for automation (no "run terraform apply" hints).
        environment["TF_IN_AUTOMATION"] = "true";
        environment["TF_INPUT"] = "0";
        if (_options.PluginCacheDir is { } cacheDir)
        {
            // Absolute, because terraform runs in the root's directory; created, because terraform
            // refuses a cache directory that does not exist.
            var fullPath = Path.GetFullPath(cacheDir);
            Directory.CreateDirectory(fullPath);
            environment["TF_PLUGIN_CACHE_DIR"] = fullPath;
        }

        return startInfo;
    }
}
