using System.Text;

namespace Neptune.Git;

/// <summary>
/// The token in the forms that may leak: as given, and base64-encoded inside the Authorization header git
/// sends. Builds that header and scrubs both forms out of any text meant for logs or exceptions.
/// </summary>
internal sealed class GitCredentials
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] _secrets;

    /// <summary>Credentials for <paramref name="token"/>; none when it is null or blank.</summary>
    public GitCredentials(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            AuthorizationHeader = null;
            _secrets = [];
            return;
        }

        // GitHub accepts any user name with a token as the password; x-access-token is the documented one.
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));
        AuthorizationHeader = "Authorization: Basic " + basic;

        // The longer secret first, so a token that is a part of its own base64 cannot leave a remnant.
        _secrets = new[] { basic, token }.OrderByDescending(secret => secret.Length).ToArray();
    }

    /// <summary>The value of <c>http.extraHeader</c> for https remotes; null without a token.</summary>
    public string? AuthorizationHeader { get; }

    /// <summary><paramref name="text"/> with every occurrence of the token and its base64 form masked.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
