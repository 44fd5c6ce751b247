using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Auth;
using Neptune.Model;
using Octokit;

namespace Neptune.GitHub.Api;

/// <summary>
/// Builds Octokit clients for <see cref="GitHubOptions.ApiUrl"/>, authenticated with <see cref="GitHubOptions.Token"/>
/// or, in GitHub App mode, with the installation token of the repository a client is for.
/// </summary>
public sealed class GitHubClientFactory
{
    /// <summary>The product name sent in the <c>User-Agent</c> header.</summary>
    public const string ProductName = "Neptune";

    private readonly GitHubOptions _options;
    private readonly GitHubInstallationTokens? _installationTokens;
    private readonly Lazy<IGitHubClient> _tokenClient;

    // One client per repository: each asks for its own repository's installation token. Cached so a client (and
    // its HTTP connections) is not built per call.
    private readonly ConcurrentDictionary<RepoRef, IGitHubClient> _repositoryClients = new();

    /// <summary>Creates a factory; the options are validated here.</summary>
    /// <param name="options">The GitHub options.</param>
    /// <param name="installationTokens">The installation tokens; required in GitHub App mode, unused with a token.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="ArgumentException">GitHub App mode without <paramref name="installationTokens"/>.</exception>
    public GitHubClientFactory(IOptions<GitHubOptions> options, GitHubInstallationTokens? installationTokens = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = GitHubOptionsGuard.Validated(options.Value);
        if (_options.UsesApp && installationTokens is null)
        {
            throw new ArgumentException("GitHub App auth needs the installation tokens service to build clients.", nameof(installationTokens));
        }

        _installationTokens = installationTokens;
        _tokenClient = new Lazy<IGitHubClient>(() => Build(_options, new Octokit.Internal.InMemoryCredentialStore(new Credentials(_options.Token, AuthenticationType.Bearer))));
    }

    /// <summary>
    /// The token-authenticated client: requests go to <see cref="GitHubOptions.ApiUrl"/> exactly (Octokit would otherwise
    /// add <c>api/v3/</c> to any host but github.com). Clients are thread-safe: create one and share it.
    /// </summary>
    /// <exception cref="InvalidOperationException">GitHub App auth is configured: use <see cref="ForRepository"/>.</exception>
    public IGitHubClient Create() => _options.UsesApp
        ? throw new InvalidOperationException($"With GitHub App auth ({GitHubOptions.SectionName}:AppId) every call needs a repository's installation token: use {nameof(ForRepository)}.")
        : _tokenClient.Value;

    /// <summary>
    /// A client for calls about <paramref name="repo"/>: with a token, the shared token client; in GitHub App mode, one
    /// that sends the repository's installation token, renewed before it expires. The client is cached per repository.
    /// </summary>
    public IGitHubClient ForRepository(RepoRef repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (_installationTokens is not { } tokens || !_options.UsesApp)
        {
            return _tokenClient.Value;
        }

        return _repositoryClients.GetOrAdd(
            repo,
            static (key, state) => Build(state.Options, new BearerCredentialStore(() => state.Tokens.GetTokenAsync(key, CancellationToken.None).AsTask())),
            (Options: _options, Tokens: tokens));
    }

    /// <summary>A client for <see cref="GitHubOptions.ApiUrl"/> with <paramref name="credentials"/>.</summary>
    internal static IGitHubClient Build(GitHubOptions options, ICredentialStore credentials) =>
        new GitHubClient(new Connection(new ProductHeaderValue(ProductName), options.ApiBaseUri(), credentials));
}
