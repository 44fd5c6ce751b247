using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Neptune.Benchmarks.InProcess;
using Neptune.Client;
using Neptune.GitHub.Config;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Permissions;
using Neptune.GitHub.Webhooks;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;
using Neptune.Runs;
using Octokit.Webhooks;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// <c>intake-pieces [count] [only]</c>: what one push costs in each piece of the intake, each piece run alone, one push after
/// the other, over <c>count</c> distinct signed pushes (after as many for warm-up): the process's CPU time and
/// allocations per push, and the wall time. For diagnosing <see cref="IntakeThroughput"/>; CPU time is the figure
/// that holds up on a busy machine. With <c>only</c>, just the pieces whose names contain it (to profile one).
/// </summary>
public static class IntakePieces
{
    /// <summary>Times each piece over <c>args[0]</c> pushes (5,000 when not given) and prints one line per piece.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        only = args.Length > 1 ? args[1] : null;
        Console.WriteLine($"intake-pieces: {count} pushes per piece; {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {ProcessMeter.LoadAverage()}");
        var pushes = new PushDeliveries(IntakeGateway.Secret, 1000, MemoryRepositoryReader.Roots);
        SignedDelivery[] Batch() => [.. Enumerable.Range(0, count).Select(_ => pushes.Next())];
        Console.WriteLine($"body {Batch()[0].Body.Length} bytes");

        await PieceAsync("signature check (HMAC-SHA256 of the body)", Batch(), Batch(), d =>
        {
            _ = WebhookSignature.IsValid(IntakeGateway.Secret, d.Body, d.Signature);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var parser = new Parser();
        await PieceAsync("payload: UTF-8 decode + Octokit.Webhooks parse", Batch(), Batch(), d =>
        {
            _ = parser.Parse(d.Body);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        await PieceAsync("payload: PushPayload.Parse (the handler's push reader)", Batch(), Batch(), d =>
        {
            _ = PushPayload.Parse(d.Body);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var handler = Handler(new InstantClient());
        await PieceAsync("GitHubWebhookHandler.HandleAsync (push → 202, queued)", Batch(), Batch(), async d =>
        {
            var result = await handler.HandleAsync(new WebhookDelivery("push", d.DeliveryId, d.Signature, "application/json", d.Body)).ConfigureAwait(false);
            if (result.StatusCode != 202)
            {
                throw new InvalidOperationException(result.Message);
            }
        }).ConfigureAwait(false);

        var config = await new MemoryRepositoryReader().ReadFileAsync(new RepoRef("acme", "infra"), PushDeliveries.Sha(1), "neptune.yaml").ConfigureAwait(false);
        await PieceAsync("RepoConfigReader.Read (neptune.yaml, 4 roots)", Batch(), Batch(), d =>
        {
            _ = RepoConfigReader.Read(config!, "neptune.yaml");
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var intake = new RevisionIntake(new InstantClient(), new MemoryRepositoryReader());
        await PieceAsync("RevisionIntake.PushAsync, client answering at once", Batch(), Batch(), d => intake.PushAsync(Notice(pushes, d))).ConfigureAwait(false);

        var dataDir = Directory.CreateTempSubdirectory("neptune-intake-pieces-").FullName;
        try
        {
            var options = new InProcessOptions { DataDir = dataDir };
            await using var host = new InProcessNeptune(options, HeldPorts(options));
            await host.StartAsync().ConfigureAwait(false);
            var hostIntake = new RevisionIntake(host, new MemoryRepositoryReader());
            const string hostPiece = "RevisionIntake.PushAsync into the in-process host (1,000 targets, held)";
            await PieceAsync(hostPiece, Batch(), Batch(), d => hostIntake.PushAsync(Notice(pushes, d))).ConfigureAwait(false);
            if (Selected(hostPiece))
            {
                // What the host keeps per queued revision (every one stays queued behind its target's held deployment).
                var more = Batch();
                var before = await SettledHeapAsync().ConfigureAwait(false);
                foreach (var d in more)
                {
                    await hostIntake.PushAsync(Notice(pushes, d)).ConfigureAwait(false);
                }

                var kept = await SettledHeapAsync().ConfigureAwait(false) - before;
                GC.KeepAlive(more);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heap kept by the host: {kept / (double)count / 1024:F2} KiB per queued revision ({count} more revisions)"));
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }

        return 0;
    }

    private static string? only;

    /// <summary>Whether the piece named <paramref name="name"/> runs: all do, or those whose names contain <c>only</c>.</summary>
    private static bool Selected(string name) => only is null || name.Contains(only, StringComparison.OrdinalIgnoreCase);

    /// <summary>The managed heap once the host's background work (check-run deliveries) has settled.</summary>
    private static async Task<long> SettledHeapAsync()
    {
        await ProcessMeter.WaitForQuietAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    // Allocated bytes by type, when NEPTUNE_ALLOCATION_TYPES=1 (the listener costs a little CPU itself).
    private static readonly AllocationTypes? types = Environment.GetEnvironmentVariable("NEPTUNE_ALLOCATION_TYPES") == "1" ? new AllocationTypes() : null;

    private static async Task PieceAsync(string name, SignedDelivery[] warm, SignedDelivery[] timed, Func<SignedDelivery, Task> piece)
    {
        if (!Selected(name))
        {
            return;
        }

        foreach (var d in warm)
        {
            await piece(d).ConfigureAwait(false);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        if (types is not null)
        {
            types.Counting = true;
        }

        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        foreach (var d in timed)
        {
            await piece(d).ConfigureAwait(false);
        }

        var wall = clock.Elapsed;
        process.Refresh();

        // The timed span on the monotonic clock, to cut a profile to it (perf record -k mono, perf script --time).
        var end = (double)Stopwatch.GetTimestamp() / Stopwatch.Frequency;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: CPU {(process.TotalProcessorTime - cpu).TotalMicroseconds / timed.Length,7:F1} µs, wall {wall.TotalMicroseconds / timed.Length,7:F1} µs, allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)timed.Length / 1024,6:F1} KiB per push; monotonic {end - wall.TotalSeconds:F6}–{end:F6} s"));
        if (types is not null)
        {
            types.Counting = false;
            types.PrintAndReset();
        }
    }

    private static GitHubWebhookHandler Handler(INeptuneClient client)
    {
        var options = new GitHubWebhookOptions { WebhookSecret = IntakeGateway.Secret, IntakeQueueCapacity = 1_000_000, RememberedDeliveries = 1_000_000 };
        options.RepoAllowlist.Add(PushDeliveries.Owner + "/*");
        var wrapped = Options.Create(options);
        return new GitHubWebhookHandler(
            wrapped, client, new NoPermissions(), new IntakeQueue(wrapped), new RecentDeliveries(options.RememberedDeliveries), NullLogger<GitHubWebhookHandler>.Instance);
    }

    /// <summary>The notice the handler makes of a delivery of <paramref name="pushes"/>.</summary>
    private static PushNotice Notice(PushDeliveries pushes, SignedDelivery d) =>
        new(
            new RepoRef(PushDeliveries.Owner, pushes.Repo(d.Number)), PushDeliveries.DefaultBranch, "e" + PushDeliveries.Sha(d.Number)[1..], PushDeliveries.Sha(d.Number),
            "dana", "Merge pull request #42 from acme/change", [new Neptune.GitHub.Roots.ChangedFile(pushes.Root(d.Number) + "/main.tf")]);

    private static InProcessPorts HeldPorts(InProcessOptions options) => new()
    {
        CommitComparer = new InstantCommitComparer(),
        SourceFetcher = new RootsCheckoutFetcher(),
        Terraform = new HeldTerraform(),
        DeploymentStore = new FileDeploymentStore(options.StoreDir),
        JobLogStore = new FileJobLogStore(Path.Combine(options.FullDataDir, "logs")),
        CheckRunPublisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance),
        AuditSink = new JsonLinesAuditSink(options.AuditPath),
    };

    /// <summary>The handler's payload parsing, as <c>GitHubWebhookHandler</c> does it (its parser is private).</summary>
    private sealed class Parser : WebhookEventProcessor
    {
        public WebhookEvent Parse(byte[] body)
        {
            var headers = WebhookHeaders.Parse(new Dictionary<string, StringValues> { ["X-GitHub-Event"] = "push" });
            return DeserializeWebhookEvent(headers, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body))!;
        }
    }

    /// <summary>A host that accepts every revision at once and keeps nothing.</summary>
    private sealed class InstantClient : INeptuneClient
    {
        public Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new RevisionReceipt(Guid.NewGuid(), null));

        public Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Nobody may press a button (pushes never ask).</summary>
    private sealed class NoPermissions : IRepoPermissions
    {
        public Task<bool> HasPermissionAsync(RepoRef repo, string login, RepoPermission required, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
