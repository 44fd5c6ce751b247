namespace Neptune.GitHub.Webhooks;

/// <summary>One webhook request as GitHub sent it: the headers that matter and the raw body.</summary>
/// <param name="Event">The <c>X-GitHub-Event</c> header (<c>push</c>, <c>check_run</c>, …).</param>
/// <param name="DeliveryId">The <c>X-GitHub-Delivery</c> header, unique per delivery.</param>
/// <param name="Signature">The <c>X-Hub-Signature-256</c> header.</param>
/// <param name="ContentType">The <c>Content-Type</c> header.</param>
/// <param name="Body">The body exactly as received (the signature covers these bytes).</param>
public sealed record WebhookDelivery(string? Event, string? DeliveryId, string? Signature, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>The answer to a delivery: an HTTP status code and a line saying why, which GitHub shows under Recent Deliveries.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Message">What happened, for people.</param>
public sealed record WebhookResult(int StatusCode, string Message);
