using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.Local;

/// <summary>
/// Reads a repository on this machine at a revision with the git CLI, for intake in local mode: files
/// (<c>git ls-tree</c> + <c>git cat-file</c>), directories, and changed files (<c>git diff-tree -M</c>, renames with
/// their previous path). The repository of a <see cref="RepoRef"/> is the local path workers fetch it from
/// (<c>Neptune:Git:Repositories</c> or <c>Neptune:Git:CloneUrl</c>; <c>UseLocalRepos</c> maps every watched repository there),
/// so intake and workers always read the same repository. Like <c>GitHubRepositoryReader</c>, a missing file reads as
/// <see langword="null"/> and a missing directory as <see langword="false"/>; a missing commit is an error.
/// </summary>
public sealed class LocalRepositoryReader : IRepositoryReader
{
    private const string RegularFile = "100644";
    private const string ExecutableFile = "100755";

    private readonly GitOptions _options;
    private readonly LocalGit _git;

    /// <summary>Creates the reader; <paramref name="options"/> are validated here so a bad setting fails early.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LocalRepositoryReader(IOptions<GitOptions> options, ILogger<LocalRepositoryReader> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = GitOptionsGuard.Validated(options.Value);
        _git = new LocalGit(_options, logger, timeProvider);
    }

    /// <inheritdoc />
    /// <remarks>A directory, a symbolic link or a submodule at <paramref name="path"/> reads as no file, as on GitHub.</remarks>
    /// <exception cref="LocalRepositoryException">The repository is not local or missing, has no commit <paramref name="sha"/>, or git failed.</exception>
    public async Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var repository = Repository(repo);
        var entry = await EntryAsync(repository, sha, path.Trim('/'), cancellationToken).ConfigureAwait(false);
        if (entry is not { Type: "blob", Mode: RegularFile or ExecutableFile })
        {
            return null;
        }

        return await _git.RequireAsync(repository, $"read {path} at {sha}", ["cat-file", "blob", entry.Value.Id], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="LocalRepositoryException">The repository is not local or missing, has no commit <paramref name="sha"/>, or git failed.</exception>
    public async Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentNullException.ThrowIfNull(dir);
        var repository = Repository(repo);
        var relative = dir.Trim('/');
        if (relative is "" or ".")
        {
            await RequireCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
            return true;
        }

        return await EntryAsync(repository, sha, relative, cancellationToken).ConfigureAwait(false) is { Type: "tree" };
    }

    /// <inheritdoc />
    /// <remarks>
    /// Like GitHub's compare (<c>before...after</c>), the files are those changed from the commits' merge base to
    /// <paramref name="after"/>; for a fast-forward that is exactly <c>before..after</c>. Commits without a common
    /// ancestor are compared directly.
    /// </remarks>
    /// <exception cref="LocalRepositoryException">The repository is not local or missing, a commit is not in it, or git failed.</exception>
    public async Task<IReadOnlyList<ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(before);
        ArgumentException.ThrowIfNullOrWhiteSpace(after);
        var repository = Repository(repo);
        var from = await RequireCommitAsync(repository, before, cancellationToken).ConfigureAwait(false);
        var to = await RequireCommitAsync(repository, after, cancellationToken).ConfigureAwait(false);
        var mergeBase = await _git.RunAsync(repository, ["merge-base", from, to], cancellationToken).ConfigureAwait(false);
        var baseSha = mergeBase.ExitCode switch
        {
            0 => mergeBase.Stdout.Trim(),
            1 => from, // unrelated histories: no merge base
            _ => throw new LocalRepositoryException(repository, $"Could not find the merge base of {before} and {after} in '{repository}' (git merge-base exited with code {mergeBase.ExitCode}): {LocalGit.Explain(mergeBase)}"),
        };
        return await DiffAsync(repository, $"list the files changed in {before}...{after}", [baseSha, to], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="LocalRepositoryException">The repository is not local or missing, has no commit <paramref name="sha"/>, or git failed.</exception>
    public async Task<IReadOnlyList<ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        var repository = Repository(repo);
        var commit = await RequireCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
        var parents = (await _git.RequireAsync(repository, $"read the parents of {sha}", ["rev-list", "--parents", "-n", "1", commit], cancellationToken).ConfigureAwait(false))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parents.Length > 1
            ? await DiffAsync(repository, $"list the files {sha} changed", [parents[1], commit], cancellationToken).ConfigureAwait(false)
            : await DiffAsync(repository, $"list the files {sha} added", ["--root", commit], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every file in the tree of <paramref name="sha"/>: what a branch that did not exist before changed.</summary>
    /// <exception cref="LocalRepositoryException">The repository is not local or missing, has no commit <paramref name="sha"/>, or git failed.</exception>
    public async Task<IReadOnlyList<ChangedFile>> AllFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var repository = Repository(repo);
        var commit = await RequireCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
        var listing = await _git.RequireAsync(repository, $"list the files of {sha}", ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit], cancellationToken).ConfigureAwait(false);
        return [.. listing.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(file => new ChangedFile(file))];
    }

    /// <summary>The local directory of <paramref name="repo"/>, the one workers fetch from.</summary>
    private string Repository(RepoRef repo)
    {
        GitRemote remote;
        try
        {
            remote = GitRemote.For(_options, repo);
        }
        catch (ArgumentException e)
        {
            throw new LocalRepositoryException($"{repo} has no usable git location: {e.Message}", e);
        }

        return remote.LocalPath
            ?? throw new LocalRepositoryException($"{repo} is fetched from a remote ({GitRemote.Redact(remote.Url)}), and {nameof(LocalRepositoryReader)} reads only repositories on this machine; list it under {LocalRepoOptions.SectionName}:Repos or point {GitOptions.SectionName}:Repositories:{repo} at a local path.");
    }

    private async Task<string> RequireCommitAsync(string repository, string sha, CancellationToken cancellationToken) =>
        await _git.ResolveCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false)
        ?? throw new LocalRepositoryException(repository, $"The repository '{repository}' has no commit {sha}.");

    /// <summary>The tree entry at <paramref name="path"/> in <paramref name="sha"/>, or <see langword="null"/> when there is none.</summary>
    private async Task<(string Mode, string Type, string Id)?> EntryAsync(string repository, string sha, string path, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["ls-tree", "-z", "--full-tree", sha, "--", path], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // ls-tree says "not a tree object" for an unknown commit: tell that apart from a git failure.
            await RequireCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
            throw new LocalRepositoryException(repository, $"Could not look up {path} at {sha} in '{repository}' (git ls-tree exited with code {result.ExitCode}): {LocalGit.Explain(result)}");
        }

        // "<mode> <type> <id>\t<path>\0"; a path below a file, or a missing one, lists nothing.
        foreach (var line in result.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !string.Equals(line[(tab + 1)..], path, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[..tab].Split(' ');
            if (parts.Length == 3)
            {
                return (parts[0], parts[1], parts[2]);
            }
        }

        return null;
    }

    private async Task<List<ChangedFile>> DiffAsync(string repository, string what, string[] revisions, CancellationToken cancellationToken)
    {
        var output = await _git.RequireAsync(repository, what, ["diff-tree", "-r", "-z", "-M", "--name-status", "--no-commit-id", .. revisions], cancellationToken).ConfigureAwait(false);
        return ParseNameStatus(output);
    }

    /// <summary>
    /// Parses <c>--name-status -z</c> output: <c>STATUS\0path\0</c>, or <c>Rnnn\0old\0new\0</c> for renames and copies.
    /// </summary>
    internal static List<ChangedFile> ParseNameStatus(string output)
    {
        var fields = output.Split('\0');
        var files = new List<ChangedFile>();
        for (var i = 0; i < fields.Length; i++)
        {
            var status = fields[i];
            if (status.Length == 0)
            {
                continue;
            }

            if (status[0] is 'R' or 'C' && i + 2 < fields.Length)
            {
                var previous = fields[++i];
                var path = fields[++i];

                // A copy leaves its source untouched; only a rename changes both names.
                files.Add(status[0] == 'R' ? new ChangedFile(path, previous) : new ChangedFile(path));
            }
            else if (i + 1 < fields.Length)
            {
                files.Add(new ChangedFile(fields[++i]));
            }
        }

        return files;
    }
}
