using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Neptune.Git;

/// <summary>
/// Runs one git command to its end with an argument list (never a shell string) in the environment of
/// <see cref="GitEnvironment"/>, and collects its output with secrets scrubbed. Cancellation kills git's
/// whole process tree (remote helpers and upload-pack are its children).
/// </summary>
internal sealed class GitProcess
{
    private const int NoSuchFileOrDirectory = 2; // ENOENT, also ERROR_FILE_NOT_FOUND on Windows
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly ILogger _logger;

    /// <summary>Creates a runner for the executable and token of <paramref name="options"/>.</summary>
    public GitProcess(GitOptions options, ILogger logger)
    {
        _path = options.Path;
        _logger = logger;
        Credentials = new GitCredentials(options.Token);
    }

    /// <summary>The token's header and scrubber.</summary>
    public GitCredentials Credentials { get; }

    /// <summary>
    /// Runs <c>git <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns how it ended.
    /// The token's header is passed only when <paramref name="authenticate"/> is true.
    /// </summary>
    /// <exception cref="GitNotFoundException">The executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git has been killed.</exception>
    public Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, bool authenticate, CancellationToken cancellationToken) =>
        RunAsync(workingDirectory, arguments, Credentials, authenticate, cancellationToken);

    /// <summary>
    /// Runs <c>git <paramref name="arguments"/></c> with <paramref name="credentials"/> instead of the configured token:
    /// their header is passed only when <paramref name="authenticate"/> is true, and they are scrubbed from the output either way.
    /// </summary>
    /// <exception cref="GitNotFoundException">The executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git has been killed.</exception>
    public async Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, GitCredentials credentials, bool authenticate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // .NET reports a missing working directory with the same ENOENT as a missing executable.
        if (!Directory.Exists(workingDirectory))
        {
            throw new DirectoryNotFoundException($"The git working directory '{workingDirectory}' does not exist.");
        }

        var startInfo = new ProcessStartInfo(_path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        GitEnvironment.Apply(startInfo.Environment, workingDirectory, authenticate ? credentials.AuthorizationHeader : null);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFileOrDirectory)
        {
            throw new GitNotFoundException(_path, e);
        }

        // git must never wait for input: GIT_TERMINAL_PROMPT=0 says so, a closed stdin makes sure.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await KillAsync(process, arguments.Count > 0 ? arguments[0] : "").ConfigureAwait(false);
            throw;
        }

        // A descendant that outlived git could hold the pipes open; the caller's token still ends the wait.
        await Task.WhenAll(stdout, stderr).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new GitResult(process.ExitCode, await stdout.ConfigureAwait(false), credentials.Scrub(await stderr.ConfigureAwait(false)));
    }

    private async Task KillAsync(Process process, string command)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            GitLog.Killed(_logger, command, process.Id);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
