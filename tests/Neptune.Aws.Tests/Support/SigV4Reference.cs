using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Neptune.Aws.Tests.Support;

/// <summary>
/// SigV4 written out from AWS's description, independent of the SDK: canonical request, string to sign and
/// the HMAC-SHA256 key chain (date → region → service → "aws4_request"). The tests check the SDK-signed
/// requests against it.
/// </summary>
internal static partial class SigV4Reference
{
    public static string CanonicalRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, IEnumerable<string> signedHeaders, byte[] body)
    {
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => h + ":" + Spaces().Replace(headers[h].Trim(), " ") + "\n"));
        var canonicalQuery = string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => (Key: Encode(Uri.UnescapeDataString(kv[0])), Value: Encode(Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : string.Empty))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value));
        return string.Join('\n', method, path, canonicalQuery, canonicalHeaders, string.Join(';', signedHeaders), Hex(SHA256.HashData(body)));
    }

    public static string Signature(string secret, string amzDate, string region, string service, string canonicalRequest)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 …</c> header.</summary>
    public static (string AccessKey, string Date, string Region, string Service, string[] SignedHeaders, string Signature) Parse(string authorization)
    {
        var m = AuthorizationPattern().Match(authorization);
        Assert.True(m.Success, $"Not a SigV4 Authorization header: {authorization}");
        return (m.Groups["key"].Value, m.Groups["date"].Value, m.Groups["region"].Value, m.Groups["service"].Value, m.Groups["headers"].Value.Split(';'), m.Groups["sig"].Value);
    }

    /// <summary>Recomputes the signature of a received request and returns (claimed, recomputed).</summary>
    public static (string Claimed, string Recomputed) Verify(string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body, string secret)
    {
        var auth = Parse(headers["Authorization"]);
        var lower = headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var canonical = CanonicalRequest(method, path, query, lower, auth.SignedHeaders, body);
        return (auth.Signature, Signature(secret, lower["x-amz-date"], auth.Region, auth.Service, canonical));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Encode(string s) => Uri.EscapeDataString(s);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
