using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Neptune.Gateway.Tests.Webhooks;

namespace Neptune.Gateway.Tests;

/// <summary>The sample gateway with <c>Neptune:Local</c> configured: commits in a real repository deploy through the watcher.</summary>
public sealed class LocalModeGatewayTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-gateway-local-").FullName;

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

    private WebApplicationFactory<Program> Gateway(string repo, Action<IWebHostBuilder>? more = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Neptune:DataDir", Path.Combine(_root, "data"));
        b.UseSetting("Neptune:Telemetry:Exporter", "None");
        b.UseSetting("Neptune:Terraform:Path", TerraformStandIn.Path);
        b.UseSetting("Neptune:Local:Repos:0:Path", repo);
        b.UseSetting("Neptune:Local:PollInterval", "00:00:00.100");
        more?.Invoke(b);
    });

    [Fact]
    public async Task A_commit_on_the_default_branch_of_a_watched_repository_deploys_and_shows_in_the_api()
    {
        var repo = Path.Combine(_root, "infra");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        Commit(repo, "base", ("neptune.yaml", "version: 3\nprojects:\n  - name: prod\n    dir: prod\n"));
        await using var gateway = Gateway(repo);
        var http = gateway.CreateClient();
        await WaitAsync(() => File.Exists(Path.Combine(_root, "data", "local-repos.json")), "the first poll");

        var sha = Commit(repo, "add prod", ("prod/main.tf", "resource \"null_resource\" \"x\" {}\n"));

        JsonElement target = default;
        await WaitAsync(
            async () => (target = (await http.GetFromJsonAsync<JsonElement[]>("/api/targets"))!.FirstOrDefault()).ValueKind == JsonValueKind.Object
                && target.GetProperty("latestRevision").GetString() == sha,
            "the deployment of the new commit");
        Assert.Equal("local/infra||prod", target.GetProperty("id").GetString());
        Assert.Equal("Tests", target.GetProperty("latestBy").GetString());
    }

    [Fact]
    public void Local_mode_and_GitHub_together_stop_the_gateway_from_starting()
    {
        var repo = Path.Combine(_root, "infra");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        using var gateway = Gateway(repo, b =>
        {
            b.UseSetting("Neptune:GitHub:Token", "ghs_test");
            b.UseSetting("Neptune:GitHub:WebhookSecret", "secret");
            b.UseSetting("Neptune:GitHub:RepoAllowlist:0", "acme/*");
        });

        var e = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("use either Neptune:GitHub", e.Message, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<bool> condition, string what) => await WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(25);
        }
    }

    private static string Commit(string repo, string message, params (string File, string Content)[] files)
    {
        foreach (var (file, content) in files)
        {
            var full = Path.Combine(repo, file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Git(repo, "add", "-A");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=Tests", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
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
