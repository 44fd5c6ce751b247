using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Health;

/// <summary>The <c>github</c> health check that <c>UseGitHub()</c> registers, against a WireMock GitHub.</summary>
public sealed class GitHubHealthCheckTests : IDisposable
{
    private readonly FakeGitHub github = new();

    public void Dispose() => github.Dispose();

    private IHost Build(string? apiUrl = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:GitHub:ApiUrl"] = apiUrl ?? github.ApiUrl,
            ["Neptune:GitHub:Token"] = FakeGitHub.Token,
        });
        builder.Services.AddNeptune(n => n.UseGitHub().UseGitHubChecks()); // twice: still one check
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["github"];

    [Fact]
    public async Task Healthy_when_GitHub_answers_and_it_sends_no_credentials()
    {
        github.Server.Given(Request.Create().WithPath(FakeGitHub.ApiPath + "/").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        using var host = Build();
        Assert.Single(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "github");

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(200, entry.Data["status"]);
        var request = Assert.Single(github.Server.LogEntries).RequestMessage!;
        Assert.Equal(FakeGitHub.ApiPath + "/", request.Path);
        Assert.False(request.Headers!.ContainsKey("Authorization"));
        Assert.StartsWith("Neptune", request.Headers["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_not_unhealthy_when_GitHub_answers_with_a_server_error()
    {
        github.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(503));
        using var host = Build();

        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("503", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_not_unhealthy_when_GitHub_cannot_be_reached()
    {
        // A port that refuses connections.
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var host = Build($"http://127.0.0.1:{port}/api/v3/");

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("not reachable", report.Entries["github"].Description, StringComparison.Ordinal);
    }
}
