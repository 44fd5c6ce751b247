using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neptune.Client;
using Neptune.Git;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;
using Neptune.Terraform;

namespace Neptune.Hosting.Hangfire.Tests.Support;

/// <summary>
/// A real Hangfire Neptune — client and one worker node — over a given storage, a real git repository and the terraform
/// stand-in, with fake time for the review and idle rules. Hangfire's own clock is real, so timers that fall due on the
/// fake clock are moved with <see cref="FireDueTimers"/>.
/// </summary>
internal sealed class HangfireHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private HangfireHarness(string root, JobStorage storage)
    {
        Root = root;
        Storage = storage;
        Repo = new GitRepository(Path.Combine(root, "repos", "acme", "infra"));
    }

    public string Root { get; }

    public JobStorage Storage { get; }

    public GitRepository Repo { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public HangfireNeptune Neptune { get; private set; } = null!;

    public HangfireNeptuneNode Node { get; private set; } = null!;

    public HangfireOptions Options { get; private set; } = null!;

    public LocalCheckRunPublisher CheckRuns { get; } = new(NullLogger<LocalCheckRunPublisher>.Instance);

    public string DataDir => Path.Combine(Root, "data");

    public string ApplyLog => Path.Combine(Root, "applies.log");

    public static async Task<HangfireHarness> StartAsync(JobStorage storage, bool runNode = true)
    {
        var h = new HangfireHarness(Directory.CreateTempSubdirectory("neptune-hangfire-").FullName, storage);
        h.Create();
        if (runNode)
        {
            await h.Node.StartAsync(CancellationToken.None);
        }

        return h;
    }

    public static DeployTarget Target(string root = "production") => new(new RepoRef("acme", "infra"), root);

    public HangfirePorts Ports()
    {
        var git = Microsoft.Extensions.Options.Options.Create(new GitOptions { CloneUrl = Path.Combine(Root, "repos", "{owner}", "{repo}") });
        var terraform = Microsoft.Extensions.Options.Options.Create(new TerraformOptions { Path = StandIn.Terraform, PluginCacheDir = Path.Combine(DataDir, "plugin-cache") });
        Directory.CreateDirectory(Path.Combine(DataDir, "plugin-cache"));
        return new HangfirePorts
        {
            CommitComparer = new LocalCommitComparer(git, NullLogger<LocalCommitComparer>.Instance, Time),
            SourceFetcher = new GitSourceFetcher(git, NullLogger<GitSourceFetcher>.Instance, Time),
            Terraform = new TerraformCliExecutor(terraform, NullLogger<TerraformCliExecutor>.Instance, Time),
            DeploymentStore = new FileDeploymentStore(Path.Combine(DataDir, "store")),
            JobLogStore = new FileJobLogStore(Path.Combine(DataDir, "logs")),
            CheckRunPublisher = CheckRuns,
            AuditSink = new JsonLinesAuditSink(Path.Combine(DataDir, "audit.jsonl")),
        };
    }

    public RevisionRequest Request(string sha, Trigger trigger = Trigger.Merge, string root = "production", bool rerun = false, string branch = "main") =>
        new(Target(root), sha, branch, trigger, "octocat", defaultBranch: "main", rerun: rerun, rootDir: root);

    public async Task<Guid> AcceptAsync(RevisionRequest request)
    {
        var receipt = await Neptune.RequestRevisionAsync(request);
        Assert.True(receipt.Accepted, receipt.DroppedReason);
        return receipt.DeploymentId!.Value;
    }

    public async Task<DeploymentStatus> WaitForAsync(Guid deploymentId, Func<DeploymentStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        DeploymentStatus status;
        while (!condition(status = await Neptune.GetDeploymentAsync(deploymentId)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Deployment {deploymentId} never became {what}; it is {status.Stage} {status.Result}.");
            }

            await Task.Delay(50);
        }

        return status;
    }

    public Task<DeploymentStatus> FinishedAsync(Guid deploymentId) => WaitForAsync(deploymentId, s => s.Stage == DeploymentStage.Finished, "finished");

    public Task<DeploymentStatus> StageAsync(Guid deploymentId, DeploymentStage stage) => WaitForAsync(deploymentId, s => s.Stage == stage, stage.ToString());

    public static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        T value;
        while (!condition(value = read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Never {what}; last value {value}.");
            }

            await Task.Delay(50);
        }

        return value;
    }

    public string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    public LatestDeployment? Latest(string root = "production")
    {
        var path = Path.Combine(DataDir, "store", StoreKeys.Deployment(null, Target(root)));
        return File.Exists(path) ? LatestDeploymentJson.Deserialize(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Enqueues every scheduled job now (Hangfire's clock is real; the rules' clock is <see cref="Time"/>). Returns how many.</summary>
    public int FireDueTimers()
    {
        var monitoring = Storage.GetMonitoringApi();
        var client = new BackgroundJobClient(Storage);
        var fired = 0;
        foreach (var job in monitoring.ScheduledJobs(0, 10_000))
        {
            fired += client.ChangeState(job.Key, new EnqueuedState(Options.SharedQueue), ScheduledState.StateName) ? 1 : 0;
        }

        return fired;
    }

    public async ValueTask DisposeAsync()
    {
        await Node.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Node.Dispose();
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

    private void Create()
    {
        Options = new HangfireOptions
        {
            DataDir = DataDir,
            NodeName = "test_" + Guid.NewGuid().ToString("N")[..8],
            WorkerCount = 4,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            NodeTimeout = TimeSpan.FromSeconds(30),
            LockTimeout = TimeSpan.FromSeconds(30),
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
        };
        Options.RootEnvironment["NEPTUNE_STANDIN_APPLY_LOG"] = ApplyLog;
        Options.RootEnvironment["NEPTUNE_STANDIN_APPLY_STARTS"] = Path.Combine(Root, "apply-starts.log");
        Neptune = new HangfireNeptune(Storage, Options, Ports(), Time);
        Node = new HangfireNeptuneNode(Neptune);
    }
}
