using Neptune.Telemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The sample's <c>Neptune:Telemetry</c> switch: Neptune's spans and metrics (<see cref="NeptuneTelemetry"/>) through
/// OpenTelemetry, to the console (default), to an OTLP collector, or nowhere.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>The key that picks the exporter: <c>Console</c> (default), <c>Otlp</c> or <c>None</c>.</summary>
    public const string ExporterKey = "Neptune:Telemetry:Exporter";

    /// <summary>The key of the console exporter's metric interval in seconds (default 60), so metrics do not drown the log.</summary>
    public const string MetricIntervalKey = "Neptune:Telemetry:MetricIntervalSeconds";

    /// <summary>The service name spans and metrics are reported under.</summary>
    public const string ServiceName = "neptune-gateway";

    /// <summary>
    /// Registers OpenTelemetry for the exporter <see cref="ExporterKey"/> names. Traces: Neptune's spans, plus ASP.NET
    /// Core's server span for webhook deliveries only (the dashboard polls; its requests would drown the console).
    /// Metrics: the <c>Neptune</c> meter. With <c>Otlp</c>, logs (with their scopes) are exported too; the collector's
    /// address comes from the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable (default <c>http://localhost:4317</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The key names no known exporter.</exception>
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var exporter = builder.Configuration[ExporterKey] ?? "Console";
        var console = string.Equals(exporter, "Console", StringComparison.OrdinalIgnoreCase);
        var otlp = string.Equals(exporter, "Otlp", StringComparison.OrdinalIgnoreCase);
        if (string.Equals(exporter, "None", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        if (!console && !otlp)
        {
            throw new InvalidOperationException($"{ExporterKey} is '{exporter}'; use Console (default), Otlp or None.");
        }

        var interval = builder.Configuration.GetValue<int?>(MetricIntervalKey) ?? 60;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t =>
            {
                t.AddSource(NeptuneTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path.StartsWithSegments(WebhookEndpointPath));
                if (console)
                {
                    t.AddConsoleExporter();
                }
                else
                {
                    t.AddOtlpExporter();
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(NeptuneTelemetry.Name);
                if (console)
                {
                    m.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval * 1000);
                }
                else
                {
                    m.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true; // target, deployment, job and delivery ids travel as scopes
                o.AddOtlpExporter();
            });
        }

        return builder;
    }

    private static string WebhookEndpointPath => Microsoft.AspNetCore.Builder.WebhookEndpointExtensions.DefaultPattern;
}
