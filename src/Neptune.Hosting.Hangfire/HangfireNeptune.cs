using System.Globalization;
using System.Runtime.CompilerServices;
using global::Hangfire;
using Microsoft.Extensions.Logging;
using Neptune.Client;
using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;

namespace Neptune.Hosting.Hangfire;

/// <summary>
/// The client side of the Hangfire host: every call decides its event right here, under the target's distributed
/// lock and in one storage transaction, exactly as a job does — so a receipt means the revision is saved. Queries read
/// the saved state. Works on any node, and in processes that run no Hangfire server at all.
/// </summary>
public sealed class HangfireNeptune : INeptuneClient
{
    private readonly HangfireRuntime runtime;

    /// <summary>Creates the client over a storage; start a <see cref="HangfireNeptuneNode"/> somewhere to run the work.</summary>
    public HangfireNeptune(JobStorage storage, HangfireOptions options, HangfirePorts ports, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
        : this(new HangfireRuntime(
            storage ?? throw new ArgumentNullException(nameof(storage)),
            options ?? throw new ArgumentNullException(nameof(options)),
            ports ?? throw new ArgumentNullException(nameof(ports)),
            time ?? TimeProvider.System,
            loggerFactory))
    {
    }

    internal HangfireNeptune(HangfireRuntime runtime) => this.runtime = runtime;

    internal HangfireRuntime Runtime => runtime;

    /// <summary>The name of this process's node (its private queue is derived from it).</summary>
    public string NodeName => runtime.Node.Name;

    /// <inheritdoc />
    public async Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.CreateVersion7(runtime.Time.GetUtcNow());
        var rejection = await runtime.Events.HandleAsync(request.Target, $"revision:{id}", d => d.Decide(new RevisionRequested { At = d.Now, DeploymentId = id, Request = request }), cancellationToken).ConfigureAwait(false);
        return rejection is null ? new RevisionReceipt(id, null) : new RevisionReceipt(null, rejection);
    }

    /// <inheritdoc />
    public async Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        RequireKnown(target);
        var rejection = await runtime.Events.HandleAsync(target, $"unlock:{Guid.NewGuid()}", d => d.Decide(new UnlockRequested { At = d.Now, User = user }), cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            throw new NeptuneRejectedException(rejection);
        }
    }

    /// <inheritdoc />
    public async Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        if (!Enum.IsDefined(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "A review is Confirm or Reject.");
        }

        var entry = DeploymentEntry(deploymentId) ?? throw new NeptuneNotFoundException($"No deployment {deploymentId} is known.");
        if (entry.TryGetValue("outcome", out var outcome))
        {
            throw new NeptuneRejectedException($"Deployment {deploymentId} has already finished ({outcome}); there is nothing to review.");
        }

        var target = DeployTarget.Parse(entry["target"]);
        var rejection = await runtime.Events.HandleAsync(target, $"review:{Guid.NewGuid()}", d => d.DecideRun(deploymentId, new ReviewSubmitted { At = d.Now, Decision = decision, User = user }), cancellationToken).ConfigureAwait(false);
        if (rejection is not null)
        {
            throw new NeptuneRejectedException(rejection);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = runtime.Storage.GetConnection();
        var statuses = connection.GetAllItemsFromSet(StorageKeys.Targets)
            .Select(id => Status(connection, DeployTarget.Parse(id)))
            .OfType<TargetStatus>()
            .OrderBy(s => s.Target.Id, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult<IReadOnlyList<TargetStatus>>(statuses);
    }

    /// <inheritdoc />
    public Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var connection = runtime.Storage.GetConnection();
        return Task.FromResult(Status(connection, target) ?? throw new NeptuneNotFoundException($"No deploy target {target} is known."));
    }

    /// <inheritdoc />
    public async Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default)
    {
        var entry = DeploymentEntry(deploymentId) ?? throw new NeptuneNotFoundException($"No deployment {deploymentId} is known.");
        if (entry.TryGetValue("snapshot", out var finished))
        {
            return TargetStatusViews.Finished(RunStateJson.Deserialize(finished), DateTimeOffset.Parse(entry["finishedAt"], CultureInfo.InvariantCulture));
        }

        var status = await GetTargetAsync(DeployTarget.Parse(entry["target"]), cancellationToken).ConfigureAwait(false);
        var found = status.Manual.Concat(status.Merge).Append(status.Current).FirstOrDefault(d => d?.Deployment.Id == deploymentId);
        if (found is not null)
        {
            return found;
        }

        // Finished between the two reads: the deployment's entry has it now.
        return DeploymentEntry(deploymentId) is { } again && again.TryGetValue("snapshot", out var snapshot)
            ? TargetStatusViews.Finished(RunStateJson.Deserialize(snapshot), DateTimeOffset.Parse(again["finishedAt"], CultureInfo.InvariantCulture))
            : throw new NeptuneNotFoundException($"No deployment {deploymentId} is known.");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (runtime.LiveLogs.TryGetValue(jobId, out var log))
        {
            await foreach (var line in log.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            yield break;
        }

        // Running on another node, or finished: the shared job store has it once the job ends.
        var stored = await runtime.Ports.JobLogStore.OpenAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new NeptuneNotFoundException($"No job {jobId} is running on this node or stored.");
        using var reader = new StreamReader(stored);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    private Dictionary<string, string>? DeploymentEntry(Guid deploymentId)
    {
        using var connection = runtime.Storage.GetConnection();
        return connection.GetAllEntriesFromHash(StorageKeys.Deployment(deploymentId)) is { Count: > 0 } entry && entry.ContainsKey("target") ? entry : null;
    }

    private TargetStatus? Status(global::Hangfire.Storage.IStorageConnection connection, DeployTarget target)
    {
        if (connection.GetAllEntriesFromHash(StorageKeys.Target(target)) is not { } stored || !stored.TryGetValue("state", out var json))
        {
            return null;
        }

        var state = DeployStateJson.Deserialize(json);
        return state.IsStopped ? TargetStatusView.Resting(target, state.Latest, runtime.Time.GetUtcNow()) : TargetStatusViews.Of(state);
    }

    private void RequireKnown(DeployTarget target)
    {
        using var connection = runtime.Storage.GetConnection();
        if (Status(connection, target) is null)
        {
            throw new NeptuneNotFoundException($"No deploy target {target} is known.");
        }
    }
}
