using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Neptune.GitHub.Auth;

/// <summary>
/// Mints the short-lived JSON Web Token a GitHub App authenticates as itself with (RS256, signed with the App's
/// private key). The App uses it only to find installations and create installation tokens.
/// </summary>
public sealed class GitHubAppJwt : IDisposable
{
    /// <summary>How far <c>iat</c> lies in the past, so a GitHub clock slightly behind ours still accepts the token.</summary>
    public static readonly TimeSpan ClockDriftAllowance = TimeSpan.FromSeconds(60);

    /// <summary>How long a token is valid from now; GitHub refuses more than 10 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    // The header never changes: encode it once.
    private static readonly string EncodedHeader = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8);

    private readonly RSA _key;
    private readonly string _issuer;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a minter for the App <paramref name="appId"/>.</summary>
    /// <param name="appId">The App's id: the token's issuer.</param>
    /// <param name="privateKeyPem">The App's RSA private key in PEM (PKCS#1 as GitHub downloads it, or PKCS#8).</param>
    /// <param name="timeProvider">The clock of <c>iat</c> and <c>exp</c>.</param>
    /// <exception cref="ArgumentException">The text holds no usable RSA private key.</exception>
    public GitHubAppJwt(long appId, string privateKeyPem, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _key = RSA.Create();
        try
        {
            _key.ImportFromPem(privateKeyPem);
            if (_key.KeySize < 2048)
            {
                throw new ArgumentException($"The RSA key has {_key.KeySize} bits; GitHub App keys have 2048 or more.", nameof(privateKeyPem));
            }

            // A public key imports too, but cannot sign: find that out now, not on the first call.
            _key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException e)
        {
            _key.Dispose();
            throw new ArgumentException("The PEM text holds no RSA private key.", nameof(privateKeyPem), e);
        }
        catch (ArgumentException)
        {
            _key.Dispose();
            throw;
        }

        _issuer = appId.ToString(CultureInfo.InvariantCulture);
        _timeProvider = timeProvider;
    }

    /// <summary>The App's id, as the token's <c>iss</c> claim carries it.</summary>
    public string Issuer => _issuer;

    /// <summary>A new token: <c>iat</c> = now − <see cref="ClockDriftAllowance"/>, <c>exp</c> = now + <see cref="Lifetime"/>, <c>iss</c> = the App's id.</summary>
    public string Create()
    {
        var now = _timeProvider.GetUtcNow();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = (now - ClockDriftAllowance).ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["iss"] = _issuer,
        });
        var signingInput = EncodedHeader + "." + Base64Url(payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>
    /// Why the file at <paramref name="path"/> cannot be a GitHub App key, completing "PrivateKeyPath is '…', …",
    /// or <see langword="null"/> when it holds an RSA private key.
    /// </summary>
    internal static string? KeyProblem(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return Directory.Exists(path) ? "which is a directory, not a file" : $"but no file is there (looked in '{Path.GetFullPath(path)}')";
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"which cannot be read ({e.Message})";
        }

        try
        {
            using var jwt = new GitHubAppJwt(1, text, TimeProvider.System);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"which is not an RSA private key in PEM format ({e.Message})";
        }
    }

    /// <summary>Creates a minter from the key file of <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">The options are not for GitHub App auth.</exception>
    internal static GitHubAppJwt FromOptions(GitHubOptions options, TimeProvider timeProvider)
    {
        if (options.AppId is not { } appId || options.PrivateKeyPath is not { } path)
        {
            throw new InvalidOperationException($"GitHub App auth needs {GitHubOptions.SectionName}:AppId and {GitHubOptions.SectionName}:PrivateKeyPath.");
        }

        return new GitHubAppJwt(appId, File.ReadAllText(path), timeProvider);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
