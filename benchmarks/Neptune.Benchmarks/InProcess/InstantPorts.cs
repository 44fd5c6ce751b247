using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Benchmarks.InProcess;

/// <summary>
/// Ports that cost nothing, so a benchmark measures the in-process host itself (coordinators, journal, outbox,
/// job logs, workspaces) and not git or terraform. Only the outside world is fake: the stores, the local check-run
/// publisher and the SQLite journal are the real defaults.
/// </summary>
public static class InstantPorts
{
    /// <summary>The real default stores under <paramref name="options"/>' data dir, with instant git and terraform.</summary>
    public static InProcessPorts Create(InProcessOptions options) => new()
    {
        CommitComparer = new InstantCommitComparer(),
        SourceFetcher = new InstantSourceFetcher(),
        Terraform = new InstantTerraform(),
        DeploymentStore = new FileDeploymentStore(options.StoreDir),
        JobLogStore = new FileJobLogStore(Path.Combine(options.FullDataDir, "logs")),
        CheckRunPublisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance),
        AuditSink = new JsonLinesAuditSink(options.AuditPath),
    };

    /// <summary>
    /// Like <see cref="Create"/> but the deployment store, job-log store and audit sink keep nothing on disk: for the
    /// host breakdown only, to tell the file stores' share of the cost from the engine's.
    /// </summary>
    public static InProcessPorts InMemoryStores(InProcessOptions options) => new()
    {
        CommitComparer = new InstantCommitComparer(),
        SourceFetcher = new InstantSourceFetcher(),
        Terraform = new InstantTerraform(),
        DeploymentStore = new MemoryDeploymentStore(),
        JobLogStore = new DiscardJobLogStore(),
        CheckRunPublisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance),
        AuditSink = new DiscardAuditSink(),
    };

    /// <summary>A merge of <c>acme/infra</c> at <paramref name="sha"/> for root <paramref name="root"/>.</summary>
    public static RevisionRequest Merge(string root, string sha) =>
        new(new DeployTarget(new RepoRef("acme", "infra"), root), sha, "main", Trigger.Merge, "octocat", rootDir: ".");

    /// <summary>A distinct 40-hex-digit sha for each <paramref name="n"/>.</summary>
    public static string Sha(long n) => n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Every head is ahead of the deployed revision.</summary>
public sealed class InstantCommitComparer : ICommitComparer
{
    private static readonly Task<CompareDirection> Ahead = Task.FromResult(CompareDirection.Ahead);

    /// <inheritdoc />
    public Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken) => Ahead;
}

/// <summary>A "checkout" that is an empty directory (the root <c>.</c> is the checkout itself).</summary>
public sealed class InstantSourceFetcher : ISourceFetcher
{
    /// <inheritdoc />
    public Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        return Task.CompletedTask;
    }
}

/// <summary>Terraform that succeeds at once; every plan creates one <c>null_resource</c>, so merges auto-apply.</summary>
public sealed class InstantTerraform : ITerraformExecutor
{
    private static readonly byte[] OneCreate =
        """{"format_version":"1.2","resource_changes":[{"address":"null_resource.a","mode":"managed","type":"null_resource","name":"a","change":{"actions":["create"]}}]}"""u8.ToArray();

    /// <inheritdoc />
    public Task InitAsync(TerraformContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PlanAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<byte[]> ShowJsonAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) => Task.FromResult(OneCreate);

    /// <inheritdoc />
    public Task ApplyAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Latest deployments in a dictionary (breakdown only).</summary>
public sealed class MemoryDeploymentStore : IDeploymentStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DeployTarget, LatestDeployment> latest = new();

    /// <inheritdoc />
    public Task<LatestDeployment?> GetLatestAsync(DeployTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(latest.TryGetValue(target, out var d) ? d : null);

    /// <inheritdoc />
    public Task SaveLatestAsync(LatestDeployment deployment, CancellationToken cancellationToken)
    {
        latest[deployment.Target] = deployment;
        return Task.CompletedTask;
    }
}

/// <summary>Reads each job log to its end and keeps nothing (breakdown only).</summary>
public sealed class DiscardJobLogStore : IJobLogStore
{
    /// <inheritdoc />
    public Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken) => content.CopyToAsync(Stream.Null, cancellationToken);

    /// <inheritdoc />
    public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);
}

/// <summary>Drops audit events (breakdown only).</summary>
public sealed class DiscardAuditSink : IAuditSink
{
    /// <inheritdoc />
    public Task PublishAsync(Neptune.Audit.AuditEvent auditEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
