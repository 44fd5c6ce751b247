using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Neptune.Gateway.BrowserTests;

/// <summary>
/// The sample gateway's dashboard in a real browser: Debian's chromium driven by Playwright, against the real
/// gateway on Kestrel (a TCP port on 127.0.0.1) with the in-process host, real git and the terraform stand-in.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Token = "s3cret-admin";
    private const string Target = "acme/infra||production";
    private const int Changes = 10;

    // Without the background-networking flags chromium keeps dialling Google's hosts, which this closed network refuses.
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    // The number of lines in the live log page, or -1 once the page says the job finished; falsy (keep waiting) until it grew past `seen`.
    private const string NextLineCount = """
        seen => {
          if (document.getElementById('state').textContent === 'finished') return -1;
          const n = (document.getElementById('log').textContent.match(/\n/g) || []).length;
          return n > seen ? n : 0;
        }
        """;

    private readonly string root = Directory.CreateTempSubdirectory("neptune-browser-").FullName;

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

    [Fact]
    public async Task Dashboard_confirm_starts_the_apply_whose_live_log_streams_until_finished()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium with 'apt-get install -y chromium' (.ci/run does this in CI). Never 'playwright install'.");
        SetDefaultExpectTimeout(20_000);
        var sha = CommitRoot("production", $$"""{"changes": {{Changes}}}""");

        await using var gateway = Gateway();
        gateway.StartServer();
        var baseUrl = gateway.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", baseUrl, StringComparison.Ordinal);

        // The deployment comes in through the admin JSON API, as a manual deploy.
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var deploy = await http.PostAsJsonAsync("/api/deploy", new { target = Target, revision = sha, user = "dana" });
        Assert.Equal(HttpStatusCode.OK, deploy.StatusCode);
        var deploymentId = (await deploy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deploymentId").GetGuid();
        var applyJobId = (await http.GetFromJsonAsync<JsonElement>($"/api/deployments/{deploymentId}")).GetProperty("applyJobId").GetGuid();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { BaseURL = baseUrl });
        page.SetDefaultTimeout(20_000);
        var alerts = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            alerts.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        // The dashboard shows the deployment awaiting review, with its plan summary.
        await page.GotoAsync("/");
        var row = page.Locator("tr", new() { HasText = sha[..12] });
        await Expect(row).ToContainTextAsync("AwaitingReview");
        await Expect(row).ToContainTextAsync($"Plan: {Changes} to add, 0 to change, 0 to destroy.");

        // As a user would: type the admin token into the field the page offers, then press Confirm.
        await page.GetByPlaceholder("admin token").FillAsync(Token);
        var dashboardShot = await ScreenshotAsync(page, "dashboard-confirm.png");
        await row.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Applying");
        Assert.Empty(alerts);

        // The row's link leads to the apply job's live log page.
        await row.GetByRole(AriaRole.Link, new() { Name = "apply log" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{baseUrl}/jobs/{applyJobId}");

        // Lines arrive while the job runs: two observations before it finishes, the second with more lines.
        var first = await NextLineCountAsync(page, seen: 0);
        var second = await NextLineCountAsync(page, seen: first);
        Assert.True(second > first);
        output.WriteLine($"Live log of apply job {applyJobId}: {first} lines, then {second}, while the job ran.");

        var state = page.Locator("#state");
        var log = page.Locator("#log");
        await Expect(state).ToHaveTextAsync("finished");
        await Expect(log).ToContainTextAsync($"Apply complete! Resources: {Changes} added, 0 changed, 0 destroyed.");
        var final = LineCount(await log.TextContentAsync());
        output.WriteLine($"Finished with {final} lines.");
        Assert.True(final > second);
        var jobShot = await ScreenshotAsync(page, "job-log-finished.png");

        // Back on the dashboard the revision is the latest deployed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Neptune" }).ClickAsync();
        await Expect(page.GetByText($"Latest deployed: {sha[..12]} by dana")).ToBeVisibleAsync();
        var done = await http.GetFromJsonAsync<JsonElement>($"/api/deployments/{deploymentId}");
        Assert.Equal("Finished", done.GetProperty("stage").GetString());
        Assert.Equal("Succeeded", done.GetProperty("outcome").GetString());

        foreach (var shot in new[] { dashboardShot, jobShot })
        {
            Assert.True(new FileInfo(shot) is { Exists: true, Length: > 0 }, $"No screenshot at {shot}.");
        }
    }

    private static async Task<int> NextLineCountAsync(IPage page, int seen)
    {
        var handle = await page.WaitForFunctionAsync(NextLineCount, seen, new() { PollingInterval = 20 });
        var count = await handle.JsonValueAsync<int>();
        Assert.True(count > seen, $"The job finished before its log was seen growing past {seen} lines: the log did not stream.");
        return count;
    }

    private static int LineCount(string? text) => text?.Count(c => c == '\n') ?? 0;

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private WebApplicationFactory<Program> Gateway()
    {
        var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Neptune:DataDir", Path.Combine(root, "data"));
            b.UseSetting("Neptune:Terraform:Path", PacedTerraform());
            b.UseSetting("Neptune:Git:CloneUrl", Path.Combine(root, "repos", "{owner}", "{repo}.git"));
            b.UseSetting("Neptune:Gateway:AdminToken", Token);
            b.UseSetting("Neptune:Telemetry:Exporter", "None");
        });
        gateway.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        return gateway;
    }

    /// <summary>
    /// The terraform stand-in, with its apply output handed on one line every 0.3 s, so the apply's live log
    /// streams over a few seconds (the stand-in alone prints it in one burst around a single sleep).
    /// </summary>
    private string PacedTerraform()
    {
        var path = Path.Combine(root, "bin", "terraform");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            set -uo pipefail
            standin='{{StandIn}}'
            [[ ${1:-} == apply ]] || exec "$standin" "$@"
            "$standin" "$@" | while IFS= read -r line; do printf '%s\n' "$line"; sleep 0.3; done
            exit "${PIPESTATUS[0]}"

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static string StandIn
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

    /// <summary>Commits a root with its <c>.standin.json</c> to a work repository and pushes it to a local bare repository, the clone source.</summary>
    private string CommitRoot(string rootName, string standin)
    {
        var work = Path.Combine(root, "work");
        var bare = Path.Combine(root, "repos", "acme", "infra.git");
        Directory.CreateDirectory(Path.Combine(work, rootName));
        Directory.CreateDirectory(bare);
        File.WriteAllText(Path.Combine(work, rootName, "main.tf"), "resource \"null_resource\" \"x\" {}\n");
        File.WriteAllText(Path.Combine(work, rootName, ".standin.json"), standin);
        Git(bare, "init", "-q", "--bare", "-b", "main");
        Git(work, "init", "-q", "-b", "main");
        Git(work, "add", "-A");
        Git(work, "-c", "user.email=t@example.com", "-c", "user.name=Tests", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "root");
        Git(work, "push", "-q", bare, "main");
        return Git(bare, "rev-parse", "main").Trim();
    }

    private static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
    }
}
