using System.Text;
using Microsoft.Extensions.Logging;
using Neptune.GitHub.Api;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Roots;
using Neptune.Model;
using Octokit;

namespace Neptune.GitHub.Contents;

/// <summary>
/// Reads a repository at a revision over GitHub's REST API, never cloning it (spec §2): files and directories through
/// the contents API (<c>GET /repos/{owner}/{repo}/contents/{path}?ref={sha}</c>), changed files through the compare
/// API (<c>GET /repos/{owner}/{repo}/compare/{before}...{after}</c>) and the commit API
/// (<c>GET /repos/{owner}/{repo}/commits/{sha}</c>). Transient failures are retried by <see cref="GitHubRetry"/>.
/// </summary>
public sealed class GitHubRepositoryReader : IRepositoryReader
{
    /// <summary>The most files GitHub lists for one comparison or commit; a list this long may be cut short.</summary>
    public const int MaxListedFiles = 300;

    private readonly GitHubClientFactory _clients;
    private readonly GitHubRetry _retry;
    private readonly ILogger<GitHubRepositoryReader> _logger;

    /// <summary>Creates the reader; each call uses the client of its repository from <paramref name="clients"/>.</summary>
    public GitHubRepositoryReader(GitHubClientFactory clients, GitHubRetry retry, ILogger<GitHubRepositoryReader> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(logger);
        _clients = clients;
        _retry = retry;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <remarks>A directory, a symlink or a submodule at <paramref name="path"/> reads as no file.</remarks>
    /// <exception cref="InvalidOperationException">The file is too large for the contents API (over 1 MB).</exception>
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var relative = path.Trim('/');
        var entries = await ContentsAsync(repo, sha, relative, cancellationToken).ConfigureAwait(false);

        // GitHub answers a file with one object and a directory with a list; Octokit turns both into a list, so a
        // directory holding a single file is told apart by the entry's path.
        if (entries is not [{ Type.Value: ContentType.File } file] || !string.Equals(file.Path, relative, StringComparison.Ordinal))
        {
            return null;
        }

        if (string.IsNullOrEmpty(file.EncodedContent))
        {
            if (file.Size == 0)
            {
                return "";
            }

            throw new InvalidOperationException($"{relative} in {repo} at {sha} has {file.Size} bytes, more than GitHub's contents API serves (1 MB); keep the file smaller.");
        }

        // GitHub wraps the base64 at 60 characters; the decoder skips the line breaks.
        return Encoding.UTF8.GetString(Convert.FromBase64String(file.EncodedContent));
    }

    /// <inheritdoc />
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentNullException.ThrowIfNull(dir);
        var relative = dir.Trim('/');
        if (relative is "" or ".")
        {
            relative = "";
        }

        var entries = await ContentsAsync(repo, sha, relative, cancellationToken).ConfigureAwait(false);

        // A file answers with itself; a directory with its entries, which all lie below it (an empty one does not exist in git).
        return entries is { Count: > 0 } && (relative.Length == 0 || entries.All(entry => entry.Path.StartsWith(relative + "/", StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<IReadOnlyList<ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(before);
        ArgumentException.ThrowIfNullOrWhiteSpace(after);
        var client = _clients.ForRepository(repo);
        var result = await _retry.ExecuteAsync(
            "compare commits",
            _ => client.Repository.Commit.Compare(repo.Owner, repo.Name, before, after),
            cancellationToken).ConfigureAwait(false);
        return Changed(repo, $"{before}...{after}", result.Files);
    }

    /// <inheritdoc />
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<IReadOnlyList<ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        var client = _clients.ForRepository(repo);
        var commit = await _retry.ExecuteAsync(
            "get commit",
            _ => client.Repository.Commit.Get(repo.Owner, repo.Name, sha),
            cancellationToken).ConfigureAwait(false);
        return Changed(repo, sha, commit.Files);
    }

    private async Task<IReadOnlyList<RepositoryContent>?> ContentsAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken)
    {
        var client = _clients.ForRepository(repo);
        try
        {
            return await _retry.ExecuteAsync(
                "get contents",
                _ => path.Length == 0
                    ? client.Repository.Content.GetAllContentsByRef(repo.Owner, repo.Name, sha)
                    : client.Repository.Content.GetAllContentsByRef(repo.Owner, repo.Name, path, sha),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private List<ChangedFile> Changed(RepoRef repo, string range, IReadOnlyList<GitHubCommitFile>? files)
    {
        files ??= [];
        if (files.Count >= MaxListedFiles)
        {
            // Roots touched only by the files past the cap would be missed: say so, so someone can deploy them by hand.
            _logger.LogWarning(
                "GitHub listed {Count} changed files for {Repo} {Range}, its limit; files past it are not listed, so roots changed only by them are not detected. Deploy such roots by hand.",
                files.Count,
                repo.FullName,
                range);
        }

        return files
            .Select(file => string.Equals(file.Status, "renamed", StringComparison.Ordinal) && !string.IsNullOrEmpty(file.PreviousFileName)
                ? new ChangedFile(file.Filename, file.PreviousFileName)
                : new ChangedFile(file.Filename))
            .ToList();
    }
}
