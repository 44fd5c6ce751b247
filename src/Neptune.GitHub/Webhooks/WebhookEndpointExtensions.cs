using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Neptune.GitHub.Webhooks;

// In this namespace so MapNeptuneWebhooks shows up next to the app's other Map* calls.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps GitHub's webhook endpoint.</summary>
public static class WebhookEndpointExtensions
{
    /// <summary>The default path: <c>/events</c>.</summary>
    public const string DefaultPattern = "/events";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to <see cref="GitHubWebhookHandler"/> (registered by <c>UseGitHub()</c>).
    /// The body is read up to <see cref="GitHubWebhookOptions.MaxPayloadBytes"/>; the answer is plain text.
    /// </summary>
    public static IEndpointConventionBuilder MapNeptuneWebhooks(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, async (HttpContext context) =>
        {
            var handler = context.RequestServices.GetRequiredService<GitHubWebhookHandler>();
            var request = context.Request;
            var body = await ReadBodyAsync(context, handler.MaxPayloadBytes).ConfigureAwait(false);
            if (body is null)
            {
                var refused = handler.RefuseOversize(request.Headers["X-GitHub-Event"].ToString(), request.Headers["X-GitHub-Delivery"].ToString());
                return Results.Text(refused.Message, statusCode: refused.StatusCode);
            }

            var result = await handler.HandleAsync(
                new WebhookDelivery(
                    request.Headers["X-GitHub-Event"].ToString(),
                    request.Headers["X-GitHub-Delivery"].ToString(),
                    request.Headers[WebhookSignature.HeaderName].ToString(),
                    request.ContentType,
                    body.Value),
                context.RequestAborted).ConfigureAwait(false);
            return Results.Text(result.Message, statusCode: result.StatusCode);
        });
    }

    /// <summary>The body, or <see langword="null"/> when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        // Kestrel's own cap (30 MB) would answer a bigger body with an exception; ours answers it with 413 and a reason.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (context.Request.ContentLength is { } length)
        {
            // GitHub always sends Content-Length (and Kestrel ends the body there): read into one array of that size.
            var body = new byte[length];
            var filled = 0;
            int got;
            while (filled < body.Length && (got = await context.Request.Body.ReadAsync(body.AsMemory(filled), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                filled += got;
            }

            return body.AsMemory(0, filled);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
