using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Git;

/// <summary>
/// Fetches exactly one commit of a repository into an empty workspace with the git CLI: <c>git init</c>,
/// <c>git fetch --depth 1 &lt;url&gt; &lt;sha&gt;</c>, <c>git checkout --detach &lt;sha&gt;</c>. Only the commit's
/// files are fetched (no history, tags or submodules). The repository's token (from <see cref="IGitTokenSource"/>)
/// goes to git through environment configuration for https remotes only, and never appears in arguments, logs or exceptions.
/// </summary>
public sealed class GitSourceFetcher : ISourceFetcher
{
    private readonly GitOptions _options;
    private readonly ILogger<GitSourceFetcher> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IGitTokenSource _tokens;
    private readonly GitProcess _git;

    /// <summary>
    /// Creates the fetcher with the fixed <see cref="GitOptions.Token"/>; <paramref name="options"/> are validated here so a
    /// bad setting fails early.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitSourceFetcher(IOptions<GitOptions> options, ILogger<GitSourceFetcher> logger, TimeProvider timeProvider)
        : this(options, logger, timeProvider, new ConfiguredGitTokenSource(options))
    {
    }

    /// <summary>
    /// Creates the fetcher; <paramref name="tokens"/> gives the token of each repository's <c>https://</c> remote
    /// (e.g. a GitHub App installation token). <paramref name="options"/> are validated here so a bad setting fails early.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitSourceFetcher(IOptions<GitOptions> options, ILogger<GitSourceFetcher> logger, TimeProvider timeProvider, IGitTokenSource tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(tokens);
        _options = GitOptionsGuard.Validated(options.Value);
        _logger = logger;
        _timeProvider = timeProvider;
        _tokens = tokens;
        _git = new GitProcess(_options, logger);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="revision"/> must be a full commit id; <paramref name="destination"/> must be absent or
    /// empty, and is created. On failure the destination may hold a partial repository: delete it with
    /// <see cref="WorkspaceCleanup.Delete"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The revision is not a full commit id, or the destination is blank.</exception>
    /// <exception cref="GitFetchException">The destination is not empty, the commit cannot be fetched, or the timeout expired.</exception>
    /// <exception cref="GitNotFoundException">The git executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; git has been killed.</exception>
    public async Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var sha = Revision.Normalize(revision, nameof(revision));
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.GetFullPath(destination);
        var remote = GitRemote.For(_options, repo);
        PrepareDestination(repo, sha, directory);
        var credentials = remote.Kind == GitRemoteKind.Https ? await CredentialsAsync(repo, sha, cancellationToken).ConfigureAwait(false) : _git.Credentials;

        GitLog.Fetching(_logger, repo.FullName, sha, directory);
        var started = _timeProvider.GetTimestamp();
        using var deadline = new GitDeadline(_options.Timeout, _timeProvider, cancellationToken);
        try
        {
            await RunAsync(repo, sha, directory, credentials, ["init", "--quiet", "--template=", "."], authenticate: false, deadline.Token).ConfigureAwait(false);
            await RunAsync(repo, sha, directory, credentials, ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--depth", "1", remote.Url, sha], remote.Kind == GitRemoteKind.Https, deadline.Token).ConfigureAwait(false);
            await RunAsync(repo, sha, directory, credentials, ["checkout", "--quiet", "--detach", sha], authenticate: false, deadline.Token).ConfigureAwait(false);
            var head = await RunAsync(repo, sha, directory, credentials, ["rev-parse", "--verify", "HEAD"], authenticate: false, deadline.Token).ConfigureAwait(false);
            if (!string.Equals(head.Stdout.Trim(), sha, StringComparison.OrdinalIgnoreCase))
            {
                throw new GitFetchException(repo, sha, $"Fetched {repo} at {sha}, but the workspace's HEAD is '{head.Stdout.Trim()}'.");
            }
        }
        catch (OperationCanceledException e) when (deadline.Expired)
        {
            throw new GitFetchException(repo, sha, $"Fetching {repo} at {sha} took longer than {deadline.Timeout} and was stopped; raise {GitOptions.SectionName}:Timeout if the repository is that large.", e);
        }

        GitLog.Fetched(_logger, repo.FullName, sha, _timeProvider.GetElapsedTime(started));
    }

    private static void PrepareDestination(RepoRef repo, string sha, string directory)
    {
        if (File.Exists(directory))
        {
            throw new GitFetchException(repo, sha, $"Cannot fetch {repo} at {sha} into '{directory}': it is a file; the destination must be an empty or absent directory.");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new GitFetchException(repo, sha, $"Cannot fetch {repo} at {sha} into '{directory}': the directory is not empty; each fetch needs a fresh workspace.");
        }

        Directory.CreateDirectory(directory);
    }

    /// <summary>The credentials of <paramref name="repo"/>'s https remote, from the token source.</summary>
    private async Task<GitCredentials> CredentialsAsync(RepoRef repo, string sha, CancellationToken cancellationToken)
    {
        string? token;
        try
        {
            token = await _tokens.GetTokenAsync(repo, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new GitFetchException(repo, sha, $"Could not fetch {repo} at {sha}: no token to authenticate to its remote ({e.Message})", e);
        }

        return new GitCredentials(token);
    }

    private async Task<GitResult> RunAsync(RepoRef repo, string sha, string directory, GitCredentials credentials, string[] arguments, bool authenticate, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(directory, arguments, credentials, authenticate, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var command = arguments[0];
            var hint = command == "fetch"
                ? " The commit may not exist, may not be reachable from any branch or tag of the repository, or the repository may be unreachable or need a token."
                : "";
            throw new GitFetchException(repo, sha, $"Could not fetch {repo} at {sha}: git {command} exited with code {result.ExitCode}.{hint} git said: {result.Reason}");
        }

        return result;
    }
}
