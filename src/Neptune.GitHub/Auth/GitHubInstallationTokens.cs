using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Api;
using Neptune.Model;
using Octokit;

namespace Neptune.GitHub.Auth;

/// <summary>
/// Installation access tokens of the GitHub App, per repository: finds the repository's installation
/// (<c>GET /repos/{owner}/{repo}/installation</c>, authenticated with the App's JWT; the id is kept), then creates a
/// token for it (<c>POST /app/installations/{id}/access_tokens</c>). A token is reused by every repository of its
/// installation until <see cref="RenewBefore"/> its expiry; callers asking at once share one request, and transient
/// failures are retried through <see cref="GitHubRetry"/>.
/// </summary>
public sealed class GitHubInstallationTokens : IDisposable
{
    /// <summary>How long before its expiry a token is replaced, so a call started with it still finishes in time.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly GitHubRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly GitHubAppJwt? _jwt;
    private readonly IGitHubClient? _appClient;

    // Lazy tasks, so concurrent callers share one request; a failed one is dropped so the next caller tries again.
    private readonly ConcurrentDictionary<RepoRef, Lazy<Task<long>>> _installations = new();
    private readonly ConcurrentDictionary<long, Lazy<Task<InstallationToken>>> _tokens = new();

    /// <summary>Creates the service; with token auth it holds nothing and every request for a token fails.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitHubInstallationTokens(IOptions<GitHubOptions> options, GitHubRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var validated = GitHubOptionsGuard.Validated(options.Value);
        _retry = retry;
        _timeProvider = timeProvider;
        if (validated.UsesApp)
        {
            var jwt = GitHubAppJwt.FromOptions(validated, timeProvider);
            _jwt = jwt;

            // A fresh JWT per request: they live 9 minutes, the client lives as long as the process.
            _appClient = GitHubClientFactory.Build(validated, new BearerCredentialStore(() => Task.FromResult(jwt.Create())));
        }
    }

    /// <summary>An installation token valid for at least <see cref="RenewBefore"/> that can act on <paramref name="repo"/>.</summary>
    /// <exception cref="InvalidOperationException">GitHub App auth is not configured.</exception>
    /// <exception cref="GitHubAppNotInstalledException">The App is not installed on <paramref name="repo"/>.</exception>
    /// <exception cref="ApiException">GitHub refused a call, or kept failing after retries.</exception>
    public async ValueTask<string> GetTokenAsync(RepoRef repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (_appClient is null || _jwt is null)
        {
            throw new InvalidOperationException($"Installation tokens need GitHub App auth: set {GitHubOptions.SectionName}:AppId and {GitHubOptions.SectionName}:PrivateKeyPath.");
        }

        var installationId = await SharedAsync(_installations, repo, FindInstallationAsync, static _ => true, cancellationToken).ConfigureAwait(false);
        var token = await SharedAsync(_tokens, installationId, CreateTokenAsync, IsFresh, cancellationToken).ConfigureAwait(false);
        return token.Value;
    }

    /// <inheritdoc />
    public void Dispose() => _jwt?.Dispose();

    private bool IsFresh(InstallationToken token) => _timeProvider.GetUtcNow() < token.ExpiresAt - RenewBefore;

    /// <summary>
    /// The cached value of <paramref name="key"/> while <paramref name="usable"/>, else a new one from
    /// <paramref name="fetch"/>, which runs once however many callers wait for it.
    /// </summary>
    private static async Task<T> SharedAsync<TKey, T>(
        ConcurrentDictionary<TKey, Lazy<Task<T>>> cache,
        TKey key,
        Func<TKey, Task<T>> fetch,
        Func<T, bool> usable,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        while (true)
        {
            var entry = cache.GetOrAdd(key, static (k, f) => new Lazy<Task<T>>(() => f(k)), fetch);
            var wasDone = entry.IsValueCreated && entry.Value.IsCompleted;
            if (wasDone && !entry.Value.IsCompletedSuccessfully)
            {
                // An earlier failure not yet dropped: try again rather than repeat its error.
                cache.TryRemove(KeyValuePair.Create(key, entry));
                continue;
            }

            T value;
            try
            {
                // One caller giving up must not cancel the request the others wait for.
                value = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                cache.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }

            // A value fetched for this very call is used even if already stale, so a short-lived one cannot loop.
            if (!wasDone || usable(value))
            {
                return value;
            }

            cache.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private async Task<long> FindInstallationAsync(RepoRef repo)
    {
        try
        {
            var installation = await _retry.ExecuteAsync(
                "find app installation",
                _ => _appClient!.GitHubApps.GetRepositoryInstallationForCurrent(repo.Owner, repo.Name),
                CancellationToken.None).ConfigureAwait(false);
            return installation.Id;
        }
        catch (NotFoundException notFound)
        {
            throw new GitHubAppNotInstalledException(repo, _jwt!.Issuer, notFound);
        }
    }

    private async Task<InstallationToken> CreateTokenAsync(long installationId)
    {
        var token = await _retry.ExecuteAsync(
            "create installation token",
            _ => _appClient!.GitHubApps.CreateInstallationToken(installationId),
            CancellationToken.None).ConfigureAwait(false);
        return new InstallationToken(token.Token, token.ExpiresAt);
    }

    private sealed record InstallationToken(string Value, DateTimeOffset ExpiresAt);
}
