using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Neptune.Gateway.Endpoints;

/// <summary>
/// Writes <c>/healthz</c>'s answer: the overall status and each check's status and description, e.g.
/// <c>{"status":"Degraded","checks":{"neptune-host":{"status":"Healthy",...},"github":{"status":"Degraded",...}}}</c>.
/// The status code stays ASP.NET Core's: 200 when Healthy or Degraded, 503 when Unhealthy.
/// </summary>
internal static class HealthReportJson
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
