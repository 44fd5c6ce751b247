using Microsoft.Extensions.Time.Testing;
using Neptune.Client;
using Neptune.CrashHost;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>
/// A real in-process Neptune over a real git repository and the terraform stand-in, with fake time for the
/// review, idle and retry rules. Only time is fake: processes, git, SQLite and files are real.
/// </summary>
internal sealed class NeptuneHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private NeptuneHarness(string root)
    {
        Root = root;
        Repo = new GitRepository(Path.Combine(root, "repos", "acme", "infra"));
    }

    public string Root { get; }

    public GitRepository Repo { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public InProcessNeptune Neptune { get; private set; } = null!;

    /// <summary>Everything Neptune and its adapters logged, across restarts.</summary>
    public CapturedLogs Logs { get; } = new();

    public LocalCheckRunPublisher CheckRuns { get; private set; } = null!;

    public string DataDir => Path.Combine(Root, "data");

    public string ApplyLog => Path.Combine(Root, "applies.log");

    public string ApplyStarts => Path.Combine(Root, "apply-starts.log");

    public string TerraformPath { get; set; } = StandIn.Terraform;

    /// <summary>Called at every (re)start for adapters that replace the file stores or audit file; a restart may hand out new ones, as a new process would.</summary>
    public Func<StoreOverrides>? Stores { get; set; }

    public static async Task<NeptuneHarness> StartAsync(Func<StoreOverrides>? stores = null)
    {
        var harness = new NeptuneHarness(Directory.CreateTempSubdirectory("neptune-host-").FullName) { Stores = stores };
        await harness.StartNeptuneAsync();
        return harness;
    }

    /// <summary>Starts with adapters that log to the harness' <see cref="Logs"/>.</summary>
    public static async Task<NeptuneHarness> StartAsync(Func<CapturedLogs, StoreOverrides> stores)
    {
        var harness = new NeptuneHarness(Directory.CreateTempSubdirectory("neptune-host-").FullName);
        harness.Stores = () => stores(harness.Logs);
        await harness.StartNeptuneAsync();
        return harness;
    }

    public static DeployTarget Target(string root = "production") => new(new RepoRef("acme", "infra"), root);

    public async Task StartNeptuneAsync()
    {
        (Neptune, CheckRuns) = LocalNeptune.Create(Root, TerraformPath, Time, Stores?.Invoke(), Logs);
        await Neptune.StartAsync();
    }

    public async Task RestartAsync()
    {
        await Neptune.DisposeAsync();
        await StartNeptuneAsync();
    }

    public RevisionRequest Request(string sha, Trigger trigger = Trigger.Merge, string root = "production", string? rootDir = null, bool rerun = false, string branch = "main") =>
        new(Target(root), sha, branch, trigger, "octocat", defaultBranch: "main", rerun: rerun, rootDir: rootDir ?? root);

    public async Task<Guid> AcceptAsync(RevisionRequest request)
    {
        var receipt = await Neptune.RequestRevisionAsync(request);
        Assert.True(receipt.Accepted, receipt.DroppedReason);
        return receipt.DeploymentId!.Value;
    }

    /// <summary>Waits (for real processes, not for time rules) until the deployment satisfies <paramref name="condition"/>.</summary>
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

            await Task.Delay(20);
        }

        return status;
    }

    public Task<DeploymentStatus> FinishedAsync(Guid deploymentId) =>
        WaitForAsync(deploymentId, s => s.Stage == DeploymentStage.Finished, "finished");

    public Task<DeploymentStatus> StageAsync(Guid deploymentId, DeploymentStage stage) =>
        WaitForAsync(deploymentId, s => s.Stage == stage, stage.ToString());

    public async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        T value;
        while (!condition(value = read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Never {what}; last value {value}.");
            }

            await Task.Delay(20);
        }

        return value;
    }

    public async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        T value;
        while (!condition(value = await read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Never {what}; last value {value}.");
            }

            await Task.Delay(20);
        }

        return value;
    }

    /// <summary>The deployment an apply record (stand-in apply log line) belongs to, read from its cwd.</summary>
    public static Guid DeploymentOfApply(string record)
    {
        var match = System.Text.RegularExpressions.Regex.Match(record, @"deployments/([0-9a-f-]{36})/");
        return match.Success ? Guid.Parse(match.Groups[1].Value) : throw new FormatException($"No deployment in '{record}'.");
    }

    public string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    /// <summary>The latest deployment as the file store holds it (what a restarted target reads).</summary>
    public LatestDeployment? Latest(string root = "production")
    {
        var path = Path.Combine(DataDir, "store", StoreKeys.Deployment(null, Target(root)));
        return File.Exists(path) ? LatestDeploymentJson.Deserialize(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Commits two roots, "network" and "dns", whose plans each sleep long enough to overlap when run in parallel.</summary>
    public string Commit2Roots() => Repo.Commit(
        "two roots",
        ("network/main.tf", "resource \"null_resource\" \"n\" {}\n"),
        ("network/.standin.json", StandIn.Json(changes: 1, sleep: 3)),
        ("dns/main.tf", "resource \"null_resource\" \"d\" {}\n"),
        ("dns/.standin.json", StandIn.Json(changes: 1, sleep: 3)));

    public async ValueTask DisposeAsync()
    {
        await Neptune.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
