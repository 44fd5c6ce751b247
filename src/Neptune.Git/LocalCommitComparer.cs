using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Git;

/// <summary>
/// Compares two commits in a repository on this machine, the one <see cref="GitOptions.Repositories"/> or
/// <see cref="GitOptions.CloneUrl"/> points to as a <c>file://</c> URL or an absolute path. Both commits
/// must be present there; <c>git merge-base --is-ancestor</c> decides the direction.
/// </summary>
public sealed class LocalCommitComparer : ICommitComparer
{
    private const int NotAnAncestor = 1;

    private readonly GitOptions _options;
    private readonly ILogger<LocalCommitComparer> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly GitProcess _git;

    /// <summary>Creates the comparer; <paramref name="options"/> are validated here so a bad setting fails early.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LocalCommitComparer(IOptions<GitOptions> options, ILogger<LocalCommitComparer> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = GitOptionsGuard.Validated(options.Value);
        _logger = logger;
        _timeProvider = timeProvider;
        _git = new GitProcess(_options, logger);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A revision is not a full commit id.</exception>
    /// <exception cref="GitCompareException">
    /// The repository is not local or missing, a commit is not in it, git failed, or the timeout expired.
    /// </exception>
    /// <exception cref="GitNotFoundException">The git executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git has been killed.</exception>
    public async Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var baseSha = Revision.Normalize(baseRevision, nameof(baseRevision));
        var headSha = Revision.Normalize(headRevision, nameof(headRevision));
        var repository = LocalRepository(repo);

        using var deadline = new GitDeadline(_options.Timeout, _timeProvider, cancellationToken);
        CompareDirection direction;
        try
        {
            await RequireCommitAsync(repo, repository, baseSha, deadline.Token).ConfigureAwait(false);
            await RequireCommitAsync(repo, repository, headSha, deadline.Token).ConfigureAwait(false);
            direction = baseSha == headSha ? CompareDirection.Identical
                : await IsAncestorAsync(repo, repository, baseSha, headSha, deadline.Token).ConfigureAwait(false) ? CompareDirection.Ahead
                : await IsAncestorAsync(repo, repository, headSha, baseSha, deadline.Token).ConfigureAwait(false) ? CompareDirection.Behind
                : CompareDirection.Diverged;
        }
        catch (OperationCanceledException e) when (deadline.Expired)
        {
            throw new GitCompareException(repo, $"Comparing {baseSha}..{headSha} in {repo} took longer than {deadline.Timeout} and was stopped.", e);
        }

        GitLog.Compared(_logger, repo.FullName, baseSha, headSha, direction.ToString());
        return direction;
    }

    private string LocalRepository(RepoRef repo)
    {
        var remote = GitRemote.For(_options, repo);
        if (remote.LocalPath is not { } path)
        {
            throw new GitCompareException(repo, $"{repo} is fetched from a remote, and {nameof(LocalCommitComparer)} compares only repositories on this machine; point {GitOptions.SectionName}:Repositories:{repo} or {GitOptions.SectionName}:CloneUrl at a local path or file:// URL, or use a comparer that asks GitHub.");
        }

        return Directory.Exists(path)
            ? path
            : throw new GitCompareException(repo, $"The local repository of {repo} does not exist at '{path}'.");
    }

    private async Task RequireCommitAsync(RepoRef repo, string repository, string sha, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["rev-parse", "--quiet", "--verify", sha + "^{commit}"], authenticate: false, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 1 && result.Stderr.Trim().Length == 0)
        {
            throw new GitCompareException(repo, $"{repo} has no commit {sha} in its local repository; fetch it there first or check the revision.");
        }

        if (!result.Succeeded)
        {
            throw new GitCompareException(repo, $"Could not look up {sha} in the local repository of {repo} (git exited with code {result.ExitCode}): {result.Reason}");
        }
    }

    private async Task<bool> IsAncestorAsync(RepoRef repo, string repository, string ancestor, string descendant, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["merge-base", "--is-ancestor", ancestor, descendant], authenticate: false, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            NotAnAncestor => false,
            _ => throw new GitCompareException(repo, $"Could not tell whether {ancestor} is an ancestor of {descendant} in {repo} (git exited with code {result.ExitCode}): {result.Reason}"),
        };
    }
}
