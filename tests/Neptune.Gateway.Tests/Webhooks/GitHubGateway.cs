using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Client;
using Neptune.GitHub.Webhooks;

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>
/// The sample gateway configured for GitHub: the in-process host with real git and the terraform stand-in, a
/// <see cref="RepoBackedGitHub"/> fake of the REST API, and a local repository both read from. Deliveries are real
/// signed HTTP requests.
/// </summary>
public sealed class GitHubGateway : IAsyncDisposable
{
    public const string Secret = "webhook-secret";
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-webhooks-").FullName;
    private readonly WebApplicationFactory<Program> _factory;
    private int _commits;

    /// <param name="configure">Settings and services on top of the defaults.</param>
    /// <param name="token">Neptune:GitHub:Token; null for none (GitHub App mode, configured by <paramref name="configure"/>).</param>
    /// <param name="kestrel">Serve on Kestrel over real TCP on 127.0.0.1 instead of the in-memory test server.</param>
    public GitHubGateway(Action<IWebHostBuilder>? configure = null, string? token = "ghs_test_token", bool kestrel = false)
    {
        RepoDir = Path.Combine(_root, "repos", WebhookPayloads.Owner, WebhookPayloads.Repo);
        Directory.CreateDirectory(RepoDir);
        Git("init", "-q", "-b", WebhookPayloads.DefaultBranch);
        GitHub = new RepoBackedGitHub(RepoDir);
        GitHub.Roles["dana"] = "write";
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Neptune:DataDir", Path.Combine(_root, "data"));
            b.UseSetting("Neptune:Terraform:Path", TerraformStandIn.Path);
            b.UseSetting("Neptune:Git:CloneUrl", Path.Combine(_root, "repos", "{owner}", "{repo}"));
            b.UseSetting("Neptune:GitHub:ApiUrl", GitHub.ApiUrl);
            if (token is not null)
            {
                b.UseSetting("Neptune:GitHub:Token", token);
            }

            b.UseSetting("Neptune:GitHub:WebhookSecret", Secret);
            b.UseSetting("Neptune:GitHub:RepoAllowlist:0", "acme/*");
            b.UseSetting("Neptune:GitHub:RetryBaseDelay", "00:00:00.020");
            b.UseSetting("Neptune:GitHub:RetryMaxDelay", "00:00:00.200");
            b.UseSetting("Neptune:Telemetry:Exporter", "None"); // tests listen themselves; no console spans in their output
            b.ConfigureLogging(l => l.AddProvider(Logs));
            configure?.Invoke(b);
        });
        if (kestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
        }

        Http = _factory.CreateClient();
    }

    public RepoBackedGitHub GitHub { get; }

    public string RepoDir { get; }

    /// <summary>Neptune:DataDir: the journal, stores and workspaces.</summary>
    public string DataDir => Path.Combine(_root, "data");

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; } = new();

    public INeptuneClient Neptune => _factory.Services.GetRequiredService<INeptuneClient>();

    /// <summary>Waits until every accepted push and rerun has been turned into revision requests.</summary>
    public Task IntakeIdleAsync() => _factory.Services.GetRequiredService<IntakeQueue>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Commits files (path → content) to the default branch and returns the new sha.</summary>
    public string Commit(IReadOnlyDictionary<string, string> files, string message = "change")
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(RepoDir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Git("add", "-A");
        Git("-c", "user.email=t@example.com", "-c", "user.name=Tests", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", $"{message} {++_commits}");
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>A signed delivery of <paramref name="payload"/> as event <paramref name="eventName"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(string eventName, JsonObject payload, string? deliveryId = null, string? secret = Secret) =>
        SendRawAsync(eventName, Encoding.UTF8.GetBytes(payload.ToJsonString()), deliveryId, secret);

    /// <summary>A delivery of raw bytes, signed with <paramref name="secret"/> unless it is null.</summary>
    public Task<HttpResponseMessage> SendRawAsync(
        string? eventName, byte[] body, string? deliveryId = null, string? secret = Secret, string contentType = "application/json", string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (eventName is not null)
        {
            request.Headers.Add("X-GitHub-Event", eventName);
        }

        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("User-Agent", "GitHub-Hookshot/abc123");
        if ((signature ?? (secret is null ? null : WebhookSignature.Sign(secret, body))) is { } sig)
        {
            request.Headers.Add(WebhookSignature.HeaderName, sig);
        }

        return Http.SendAsync(request);
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepoDir, RedirectStandardOutput = true, RedirectStandardError = true };
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        GitHub.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Log lines written by the gateway, for asserting that a refusal says why.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue($"{logLevel}: {category}: {formatter(state, exception)}");
    }
}

/// <summary>The terraform stand-in kept under tests/tools.</summary>
public static class TerraformStandIn
{
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neptune.sln")))
                {
                    return System.IO.Path.Combine(dir.FullName, "tests", "tools", "terraform");
                }
            }

            throw new DirectoryNotFoundException("No Neptune.sln above the test output.");
        }
    }
}
