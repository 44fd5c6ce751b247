using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Gateway.Tests.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Neptune.Gateway.Tests.Hosting;

/// <summary>The <c>Neptune:Telemetry:Exporter</c> switch of the sample gateway.</summary>
[Collection(TelemetryCollection.Name)] // a live tracer provider listens process-wide
public sealed class GatewayTelemetryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-telemetry-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WebApplicationFactory<Program> Gateway(string? exporter) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Neptune:DataDir", Path.Combine(_root, "data"));
        if (exporter is not null)
        {
            b.UseSetting("Neptune:Telemetry:Exporter", exporter);
        }
    });

    [Theory]
    [InlineData(null)] // Console by default
    [InlineData("Console")]
    [InlineData("otlp")]
    public async Task An_exporter_registers_OpenTelemetry_tracing_and_metrics(string? exporter)
    {
        await using var gateway = Gateway(exporter);
        _ = gateway.Server;

        Assert.NotNull(gateway.Services.GetService<TracerProvider>());
        Assert.NotNull(gateway.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task None_registers_no_OpenTelemetry()
    {
        await using var gateway = Gateway("None");
        _ = gateway.Server;

        Assert.Null(gateway.Services.GetService<TracerProvider>());
        Assert.Null(gateway.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task An_unknown_exporter_stops_the_gateway_naming_the_key_and_the_choices()
    {
        await using var gateway = Gateway("Zipkin");

        var e = Assert.Throws<InvalidOperationException>(() => gateway.Server);
        Assert.Contains("Neptune:Telemetry:Exporter is 'Zipkin'; use Console (default), Otlp or None.", e.Message, StringComparison.Ordinal);
    }
}
