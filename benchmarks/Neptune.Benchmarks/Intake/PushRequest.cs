using System.Net.Http.Headers;

namespace Neptune.Benchmarks.Intake;

/// <summary>A signed <c>push</c> delivery as GitHub posts one: JSON body, event, delivery id and HMAC signature headers.</summary>
internal static class PushRequest
{
    /// <summary>The request for one delivery; the caller sends and disposes it.</summary>
    public static HttpRequestMessage Create(Uri url, byte[] body, string deliveryId, string signature, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", "push");
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", deliveryId);
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        return request;
    }
}
