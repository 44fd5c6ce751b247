using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Neptune.Gateway.Tests.Webhooks;

namespace Neptune.Gateway.Tests.Endpoints;

/// <summary><c>/healthz</c> reports the checks the packages registered: the in-process host and GitHub.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_reports_each_check_as_healthy_when_the_host_runs_and_GitHub_answers()
    {
        await using var gateway = new GitHubGateway();

        var healthy = await gateway.Http.GetFromJsonAsync<JsonElement>("/healthz");

        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("neptune-host").GetProperty("status").GetString());
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("github").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GitHub_being_unreachable_degrades_healthz_without_failing_the_probe()
    {
        // A port that refuses connections: GitHub is down for this gateway from the start.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var gateway = new GitHubGateway(b => b.UseSetting("Neptune:GitHub:ApiUrl", $"http://127.0.0.1:{port}/api/v3/"));

        var response = await gateway.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Degraded still answers 200: Neptune keeps deploying what it has
        var degraded = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", degraded.GetProperty("status").GetString());
        var github = degraded.GetProperty("checks").GetProperty("github");
        Assert.Equal("Degraded", github.GetProperty("status").GetString());
        Assert.Contains("not reachable", github.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", degraded.GetProperty("checks").GetProperty("neptune-host").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_is_unhealthy_503_when_the_journal_cannot_be_read()
    {
        await using var gateway = new GitHubGateway();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);

        foreach (var file in Directory.GetFiles(gateway.DataDir, "*.db*"))
        {
            File.Delete(file);
        }

        var response = await gateway.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Contains("journal", report.GetProperty("checks").GetProperty("neptune-host").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
