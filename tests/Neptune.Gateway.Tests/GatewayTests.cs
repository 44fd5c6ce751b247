using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Neptune.Gateway.Tests;

/// <summary>The sample gateway over real HTTP (in-memory test server) with the in-process host, real git and the terraform stand-in.</summary>
public sealed class GatewayTests : IDisposable
{
    private const string Token = "s3cret-admin";
    private readonly string root = Directory.CreateTempSubdirectory("neptune-gateway-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WebApplicationFactory<Program> Gateway(string? adminToken = Token) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Neptune:DataDir", Path.Combine(root, "data"));
        b.UseSetting("Neptune:Terraform:Path", Terraform);
        b.UseSetting("Neptune:Git:CloneUrl", Path.Combine(root, "repos", "{owner}", "{repo}"));
        b.UseSetting("Neptune:Telemetry:Exporter", "None"); // keeps the test output free of console spans
        if (adminToken is not null)
        {
            b.UseSetting("Neptune:Gateway:AdminToken", adminToken);
        }
    });

    private static string Terraform
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Neptune.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "tools", "terraform");
                }
            }

            throw new DirectoryNotFoundException("No Neptune.sln above the test output.");
        }
    }

    [Fact]
    public async Task Health_dashboard_and_empty_target_list_answer()
    {
        await using var gateway = Gateway();
        var http = gateway.CreateClient();

        var health = await http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("neptune-host").GetProperty("status").GetString());
        Assert.Contains("<title>Neptune</title>", await http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Equal("[]", await http.GetStringAsync("/api/targets"));
    }

    [Fact]
    public async Task Changes_are_refused_without_a_configured_token_and_with_a_wrong_one()
    {
        await using (var open = Gateway(adminToken: null))
        {
            var refused = await open.CreateClient().PostAsJsonAsync("/api/unlock", new { target = "acme/infra||prod", user = "dana" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Neptune:Gateway:AdminToken", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var gateway = Gateway();
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/unlock", new { target = "acme/infra||prod", user = "dana" })).StatusCode);
    }

    [Fact]
    public async Task Bad_ids_are_clear_client_errors()
    {
        await using var gateway = Gateway();
        var http = Admin(gateway);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/deployments/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/jobs/{Guid.NewGuid()}/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/unlock", new { target = "acme/infra||prod", user = "dana" })).StatusCode);
        var malformed = await http.PostAsJsonAsync("/api/unlock", new { target = "not a target", user = "dana" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("owner/repo||root", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manual_deploy_waits_for_review_is_confirmed_and_its_log_streams()
    {
        var sha = CommitRoot("production", "{\"changes\": 2, \"lines\": 20}");
        await using var gateway = Gateway();
        var http = Admin(gateway);

        var deploy = await http.PostAsJsonAsync("/api/deploy", new { target = "acme/infra||production", revision = sha, user = "dana" });
        Assert.Equal(HttpStatusCode.OK, deploy.StatusCode);
        var id = (await deploy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deploymentId").GetGuid();
        var waiting = await WaitForStageAsync(http, id, "AwaitingReview");
        Assert.Equal("Plan: 2 to add, 0 to change, 0 to destroy.", waiting.GetProperty("plan").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync($"/api/deployments/{id}/review", new { decision = "confirm", user = "dana" })).StatusCode);
        var done = await WaitForStageAsync(http, id, "Finished");
        Assert.Equal("Succeeded", done.GetProperty("outcome").GetString());

        var stream = await http.GetStringAsync($"/jobs/{done.GetProperty("planJobId").GetGuid()}/stream");
        Assert.Contains("data: Plan: 2 to add, 0 to change, 0 to destroy.", stream, StringComparison.Ordinal);
        Assert.EndsWith("event: end\ndata: \n\n", stream, StringComparison.Ordinal);
        Assert.Contains("/jobs/", await http.GetStringAsync($"/jobs/{done.GetProperty("applyJobId").GetGuid()}"), StringComparison.Ordinal);
    }

    private static HttpClient Admin(WebApplicationFactory<Program> gateway)
    {
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static async Task<JsonElement> WaitForStageAsync(HttpClient http, Guid id, string stage)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement status;
        while ((status = await http.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}")).GetProperty("stage").GetString() != stage)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Deployment {id} never reached {stage}: {status}");
            await Task.Delay(25);
        }

        return status;
    }

    private string CommitRoot(string rootName, string standin)
    {
        var repo = Path.Combine(root, "repos", "acme", "infra");
        Directory.CreateDirectory(Path.Combine(repo, rootName));
        File.WriteAllText(Path.Combine(repo, rootName, "main.tf"), "resource \"null_resource\" \"x\" {}\n");
        File.WriteAllText(Path.Combine(repo, rootName, ".standin.json"), standin);
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", "-A");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=Tests", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "root");
        return Git(repo, "rev-parse", "HEAD").Trim();
    }

    private static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
    }
}
