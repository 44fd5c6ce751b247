using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Neptune.Client;
using Neptune.Model;

namespace Neptune.Local.Tests.Support;

/// <summary>
/// A temp folder with a real git repository, and a generic host configured as an adopter would
/// (<c>AddNeptune(n =&gt; n.UseLocalRepos().UseInProcess())</c>) over it, the terraform stand-in and a data directory
/// that survives restarts. Time is fake, so the watcher polls only at start and when a test calls
/// <see cref="LocalRepoWatcher.PollOnceAsync"/> or advances <see cref="Time"/>; git, terraform, SQLite and files are real.
/// </summary>
internal sealed class LocalScenario : IAsyncDisposable
{
    public const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
            tags: { environment: production }
          - name: staging
            dir: envs/staging
        """;

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private IHost? _host;

    public LocalScenario()
    {
        Root = Directory.CreateTempSubdirectory("neptune-local-").FullName;
        Repo = new TestRepo(System.IO.Path.Combine(Root, "repos", "infra"));
    }

    public string Root { get; }

    public TestRepo Repo { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public string DataDir => System.IO.Path.Combine(Root, "data");

    public string ApplyLog => System.IO.Path.Combine(Root, "applies.log");

    public Dictionary<string, string?> Settings { get; } = new();

    public IHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public LocalRepoWatcher Watcher => Host.Services.GetRequiredService<LocalRepoWatcher>();

    public INeptuneClient Neptune => Host.Services.GetRequiredService<INeptuneClient>();

    public static DeployTarget Target(string root) => new(new RepoRef("local", "infra"), root);

    /// <summary>A commit of a root whose plan has <paramref name="changes"/> resources to add.</summary>
    public string CommitRoot(string root, int changes, string message = "change") =>
        Repo.Commit(message, ($"envs/{root}/main.tf", $"# {message}\nresource \"null_resource\" \"x\" {{}}\n"), ($"envs/{root}/.standin.json", StandIn.Json(changes)));

    /// <summary>Starts a host over the data directory and waits for the watcher's first poll.</summary>
    public async Task StartAsync(Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Neptune:DataDir"] = DataDir,
            ["Neptune:Terraform:Path"] = StandIn.Terraform,
            ["Neptune:RootEnvironment:NEPTUNE_STANDIN_APPLY_LOG"] = ApplyLog,
            ["Neptune:Local:Repos:0:Path"] = Repo.Path,
            ["Neptune:Local:PollInterval"] = PollInterval.ToString(),
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<TimeProvider>(Time);
        configure?.Invoke(builder);
        builder.Services.AddNeptune(n => n.UseLocalRepos().UseInProcess());
        _host = builder.Build();
        await _host.StartAsync();
        await Watcher.FirstPollCompleted.WaitAsync(Patience);
    }

    public async Task StopAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Waits (for real processes, not for time rules) until the deployment reaches <paramref name="stage"/>.</summary>
    public async Task<DeploymentStatus> WaitForAsync(Guid id, DeploymentStage stage)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            DeploymentStatus? status = null;
            try
            {
                status = await Neptune.GetDeploymentAsync(id);
            }
            catch (NeptuneNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // The in-process host answers status queries with state its coordinator has not committed yet, so a
                // deployment that just finished can be neither current nor in the journal's history for a moment.
            }

            if (status?.Stage == stage)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Deployment {id} never reached {stage}; it is {status?.Stage} ({status?.Result?.Message}).");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the target's latest deployment is at <paramref name="sha"/>.</summary>
    public async Task<TargetStatus> WaitForLatestAsync(DeployTarget target, string sha)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = (await Neptune.GetTargetsAsync()).FirstOrDefault(t => t.Target == target);
            if (status?.Latest?.Revision == sha && status.Current is null)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{target} never finished a deployment of {sha}; latest is {status?.Latest?.Revision ?? "none"}.");
            await Task.Delay(20);
        }
    }

    /// <summary>The applies the stand-in recorded, one line each.</summary>
    public IReadOnlyList<string> Applies() => File.Exists(ApplyLog) ? File.ReadAllLines(ApplyLog) : [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
