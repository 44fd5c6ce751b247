using Microsoft.Extensions.Logging;
using Neptune.Git;

namespace Neptune.Local;

/// <summary>
/// Runs read-only git commands in a local repository through Neptune.Git's <see cref="GitProcess"/> (argument lists,
/// no user or system configuration, no prompts), each bounded by <see cref="GitOptions.Timeout"/>. Pathspecs are
/// literal, so a file named <c>:(glob)*</c> is just a file name.
/// </summary>
internal sealed class LocalGit
{
    private readonly GitProcess _git;
    private readonly GitOptions _options;
    private readonly TimeProvider _time;

    public LocalGit(GitOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _time = time;
        _git = new GitProcess(options, logger);
    }

    /// <summary>Runs <c>git --literal-pathspecs <paramref name="arguments"/></c> in <paramref name="repository"/>; any exit code is returned.</summary>
    /// <exception cref="LocalRepositoryException">The directory is missing or the timeout expired.</exception>
    /// <exception cref="GitNotFoundException">The git executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled by the caller; git has been killed.</exception>
    public async Task<GitResult> RunAsync(string repository, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var deadline = new GitDeadline(_options.Timeout, _time, cancellationToken);
        try
        {
            return await _git.RunAsync(repository, ["--literal-pathspecs", .. arguments], authenticate: false, deadline.Token).ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new LocalRepositoryException(repository, $"The repository '{repository}' does not exist (any more); restore it or fix its path.", e);
        }
        catch (OperationCanceledException e) when (deadline.Expired)
        {
            throw new LocalRepositoryException(repository, $"git {arguments[0]} in '{repository}' took longer than {deadline.Timeout} and was stopped ({GitOptions.SectionName}:Timeout).", e);
        }
    }

    /// <summary>Runs git and returns its stdout; a non-zero exit is a <see cref="LocalRepositoryException"/> saying <paramref name="what"/>.</summary>
    public async Task<string> RequireAsync(string repository, string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(repository, arguments, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.Stdout
            : throw new LocalRepositoryException(repository, $"Could not {what} in '{repository}' (git {arguments[0]} exited with code {result.ExitCode}): {Explain(result)}");
    }

    /// <summary>The full id of <paramref name="revision"/> as a commit, or <see langword="null"/> when the repository has no such commit.</summary>
    public async Task<string?> ResolveCommitAsync(string repository, string revision, CancellationToken cancellationToken)
    {
        var result = await RunAsync(repository, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return result.Stdout.Trim();
        }

        if (result.ExitCode == 1 && result.Stderr.Trim().Length == 0)
        {
            return null;
        }

        throw new LocalRepositoryException(repository, $"Could not look up {revision} in '{repository}' (git rev-parse exited with code {result.ExitCode}): {Explain(result)}");
    }

    /// <summary>What git said, with the fix where git's own hint does not apply.</summary>
    public static string Explain(GitResult result) =>
        result.Stderr.Contains("dubious ownership", StringComparison.Ordinal)
            ? result.Reason + " Neptune runs git without your global and system git configuration, so safe.directory set there does not help: run Neptune as the user who owns the repository."
            : result.Reason;
}
