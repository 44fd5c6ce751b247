using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Neptune.Aws.Signing;

/// <summary>
/// Signs one HTTP request with AWS Signature Version 4 through AWSSDK.Core's <see cref="AWS4Signer"/>: the SDK
/// builds the canonical request, the string to sign and the signature, so the result is what the SDK's own
/// clients send. Used for SNS, whose client package is not available here. It derives from the SDK signer only
/// to reach its protected canonicalization helpers; it is never instantiated.
/// </summary>
internal sealed class SigV4Signer : AWS4Signer
{
    private SigV4Signer()
    {
    }

    /// <summary>
    /// Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (with temporary credentials) and
    /// <c>Authorization</c> to <paramref name="headers"/> and returns the <c>Authorization</c> value. Every header
    /// in <paramref name="headers"/> is signed.
    /// </summary>
    /// <param name="method">The HTTP method, for example <c>POST</c>.</param>
    /// <param name="uri">The full request URI; its query string is signed.</param>
    /// <param name="headers">The headers to send; the signing headers are added to it.</param>
    /// <param name="body">The exact body bytes to send (empty for none).</param>
    /// <param name="credentials">Who signs.</param>
    /// <param name="region">The signing region, for example <c>us-east-1</c>.</param>
    /// <param name="service">The signing service name, for example <c>sns</c>.</param>
    /// <param name="signedAt">The signing time (UTC).</param>
    public static string Sign(
        string method,
        Uri uri,
        IDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAt)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(credentials);
        var at = AWS4Signer.InitializeHeaders(headers, uri, signedAt.ToUniversalTime());
        if (credentials.UseToken)
        {
            headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var sorted = AWS4Signer.SortAndPruneHeaders(headers);
        var query = uri.Query.Length > 1 ? AWS4Signer.CanonicalizeQueryParameters(uri.Query[1..]) : string.Empty;
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var root = new Uri(uri.GetLeftPart(UriPartial.Authority));
        var canonicalRequest = AWS4Signer.CanonicalizeRequest(root, uri.AbsolutePath, method, sorted, query, bodyHash);
        var result = AWS4Signer.ComputeSignature(credentials.AccessKey, credentials.SecretKey, region, at, service, AWS4Signer.CanonicalizeHeaderNames(sorted), canonicalRequest);
        var authorization = result.ForAuthorizationHeader;
        headers["Authorization"] = authorization;
        return authorization;
    }
}
