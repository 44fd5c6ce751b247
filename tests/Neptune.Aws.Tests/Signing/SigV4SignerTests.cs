using System.Text;
using Amazon.Runtime;
using Neptune.Aws.Signing;
using Neptune.Aws.Tests.Support;

namespace Neptune.Aws.Tests.Signing;

/// <summary>The signing path against AWS's published SigV4 example (IAM ListUsers, 2015-08-30, AKIDEXAMPLE).</summary>
public sealed class SigV4SignerTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime ExampleTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private static readonly Uri ExampleUri = new("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    // AWS's documented values for that request.
    private const string DocumentedCanonicalRequestHash = "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
    private const string DocumentedSignature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    [Fact]
    public void Signing_the_documented_request_gives_the_documented_authorization_header()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = ContentType };

        var authorization = SigV4Signer.Sign("GET", ExampleUri, headers, [], new ImmutableCredentials("AKIDEXAMPLE", SecretKey, null), "us-east-1", "iam", ExampleTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + DocumentedSignature,
            authorization);
        Assert.Equal("20150830T123600Z", headers["X-Amz-Date"]);
        Assert.Equal("iam.amazonaws.com", headers["Host"]);
        Assert.Equal(authorization, headers["Authorization"]);
    }

    [Fact]
    public void The_tests_reference_signer_reproduces_the_documented_hash_and_signature()
    {
        // The reference the SNS tests verify against must itself agree with AWS's example.
        var headers = new Dictionary<string, string> { ["content-type"] = ContentType, ["host"] = "iam.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" };

        var canonical = SigV4Reference.CanonicalRequest("GET", "/", ExampleUri.Query, headers, ["content-type", "host", "x-amz-date"], []);

        Assert.Equal(DocumentedCanonicalRequestHash, SigV4Reference.Hex(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        Assert.Equal(DocumentedSignature, SigV4Reference.Signature(SecretKey, "20150830T123600Z", "us-east-1", "iam", canonical));
    }

    [Fact]
    public void Temporary_credentials_sign_their_session_token()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = ContentType };
        var body = Encoding.UTF8.GetBytes("Action=Publish&Message=hi");

        var authorization = SigV4Signer.Sign("POST", new Uri("http://127.0.0.1:4566/"), headers, body, new ImmutableCredentials("ASIAEXAMPLE", SecretKey, "session-token"), "eu-west-1", "sns", ExampleTime);

        Assert.Equal("session-token", headers["X-Amz-Security-Token"]);
        Assert.Equal("127.0.0.1:4566", headers["Host"]);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,", authorization, StringComparison.Ordinal);
        var (claimed, recomputed) = SigV4Reference.Verify("POST", "/", string.Empty, headers, body, SecretKey);
        Assert.Equal(recomputed, claimed);
    }
}
