using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Neptune.GitHub.Auth;

namespace Neptune.GitHub.Tests.Auth;

public sealed class GitHubAppJwtTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Decode(string part) => System.Buffers.Text.Base64Url.DecodeFromChars(part);

    [Fact]
    public void Token_is_rs256_signed_by_the_app_key_with_drift_tolerant_claims()
    {
        using var jwt = new GitHubAppJwt(FakeGitHub.AppId, File.ReadAllText(AppKey.Path), new FakeTimeProvider(Now));

        var parts = jwt.Create().Split('.');

        Assert.Equal(3, parts.Length);
        using var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(AppKey.Key.ExportRSAPublicKey(), out _);
        Assert.True(publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(Decode(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        using var claims = JsonDocument.Parse(Decode(parts[1]));
        Assert.Equal(Now.AddSeconds(-60).ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddMinutes(9).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal("424242", claims.RootElement.GetProperty("iss").GetString());
    }

    [Fact]
    public void Each_token_follows_the_clock()
    {
        var time = new FakeTimeProvider(Now);
        using var jwt = new GitHubAppJwt(FakeGitHub.AppId, File.ReadAllText(AppKey.Path), time);
        var first = jwt.Create();

        time.Advance(TimeSpan.FromMinutes(8));
        var later = jwt.Create();

        using var claims = JsonDocument.Parse(Decode(later.Split('.')[1]));
        Assert.NotEqual(first, later);
        Assert.Equal(Now.AddMinutes(17).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void A_public_key_or_other_text_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new GitHubAppJwt(1, AppKey.Key.ExportRSAPublicKeyPem(), TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new GitHubAppJwt(1, "not a key", TimeProvider.System));
    }
}
