using Microsoft.Extensions.Options;
using Octokit;

namespace Neptune.GitHub.Api;

/// <summary>Builds Octokit clients for <see cref="GitHubOptions.ApiUrl"/>, authenticated with <see cref="GitHubOptions.Token"/>.</summary>
public sealed class GitHubClientFactory
{
    /// <summary>The product name sent in the <c>User-Agent</c> header.</summary>
    public const string ProductName = "Neptune";

    private readonly GitHubOptions _options;

    /// <summary>Creates a factory; the options are validated here.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitHubClientFactory(IOptions<GitHubOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = GitHubOptionsGuard.Validated(options.Value);
    }

    /// <summary>
    /// A client whose requests go to <see cref="GitHubOptions.ApiUrl"/> exactly (Octokit would otherwise add
    /// <c>api/v3/</c> to any host but github.com), with token auth. Clients are thread-safe: create one and share it.
    /// </summary>
    public IGitHubClient Create()
    {
        var credentials = new Credentials(_options.Token, AuthenticationType.Bearer);
        var connection = new Connection(
            new ProductHeaderValue(ProductName),
            _options.ApiBaseUri(),
            new Octokit.Internal.InMemoryCredentialStore(credentials));
        return new GitHubClient(connection);
    }
}
