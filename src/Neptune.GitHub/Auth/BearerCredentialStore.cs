using Octokit;

namespace Neptune.GitHub.Auth;

/// <summary>
/// Hands Octokit a Bearer credential fetched anew for every request, so a client outlives the short-lived
/// tokens it sends (Octokit asks its credential store before each request).
/// </summary>
internal sealed class BearerCredentialStore : ICredentialStore
{
    private readonly Func<Task<string>> _token;

    /// <summary>Creates a store that asks <paramref name="token"/> for the current token.</summary>
    public BearerCredentialStore(Func<Task<string>> token) => _token = token;

    /// <inheritdoc />
    public async Task<Credentials> GetCredentials() =>
        new(await _token().ConfigureAwait(false), AuthenticationType.Bearer);
}
