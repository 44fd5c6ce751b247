using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Neptune.Aws.Signing;

namespace Neptune.Aws.Sns;

/// <summary>
/// The one SNS call Neptune makes, <c>Publish</c>, over the Query API: a form-encoded POST signed with SigV4.
/// AWSSDK.SimpleNotificationService is not available here, and one call does not need it.
/// </summary>
internal sealed class SnsPublishClient
{
    /// <summary>The Query API version of SNS.</summary>
    public const string ApiVersion = "2010-03-31";

    /// <summary>The message attribute that carries <see cref="Audit.AuditEvent.IdempotencyKey"/>, so subscribers can drop a redelivery.</summary>
    public const string IdempotencyKeyAttribute = "idempotency_key";

    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string region;
    private readonly Func<Task<ImmutableCredentials>> credentials;
    private readonly TimeProvider time;

    public SnsPublishClient(HttpClient http, Uri endpoint, string region, Func<Task<ImmutableCredentials>> credentials, TimeProvider time)
    {
        this.http = http;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.time = time;
    }

    /// <summary>The form fields of one publish, in the order they are sent.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Form(SnsTopic topic, string message, string idempotencyKey, string messageGroupId)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Action", "Publish"),
            new("Version", ApiVersion),
            new("TopicArn", topic.Arn),
            new("Message", message),
            new("MessageAttributes.entry.1.Name", IdempotencyKeyAttribute),
            new("MessageAttributes.entry.1.Value.DataType", "String"),
            new("MessageAttributes.entry.1.Value.StringValue", idempotencyKey),
        };
        if (topic.IsFifo)
        {
            // FIFO topics drop a second message with the same deduplication id within five minutes.
            fields.Add(new("MessageGroupId", messageGroupId));
            fields.Add(new("MessageDeduplicationId", idempotencyKey));
        }

        return fields;
    }

    /// <summary>Sends one publish and returns SNS's message id.</summary>
    /// <exception cref="SnsPublishException">SNS answered with an error.</exception>
    /// <exception cref="HttpRequestException">SNS could not be reached.</exception>
    public async Task<string> PublishAsync(IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));
        var signer = await credentials().ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = FormContentType };
        SigV4Signer.Sign("POST", endpoint, headers, body, signer, region, "sns", time.GetUtcNow().UtcDateTime);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(FormContentType);
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = ReadError(text);
            throw new SnsPublishException(response.StatusCode, code, message ?? Truncate(text));
        }

        return Element(text, "MessageId") ?? throw new SnsPublishException(response.StatusCode, null, "the answer has no MessageId: " + Truncate(text));
    }

    private static (string? Code, string? Message) ReadError(string text) => (Element(text, "Code"), Element(text, "Message"));

    private static string? Element(string xml, string name)
    {
        try
        {
            return XDocument.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string Truncate(string text) =>
        text.Length <= 300 ? text : text[..300] + "…";
}
