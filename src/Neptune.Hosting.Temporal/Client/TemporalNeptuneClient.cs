using System.Runtime.CompilerServices;
using Neptune.Client;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Snapshots;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Neptune.Hosting.Temporal.Client;

/// <summary>
/// <see cref="INeptuneClient"/> for gateways on Temporal: revisions by signal-with-start of the target's deploy
/// workflow, unlock and review by signal, and the dashboard by queries.
/// </summary>
public sealed class TemporalNeptuneClient : INeptuneClient
{
    private readonly ITemporalClient client;
    private readonly TemporalOptions options;
    private readonly IJobLogStore jobLogStore;
    private readonly TerraformWorker? localWorker;

    /// <summary>Creates the client.</summary>
    /// <param name="client">A connected Temporal client.</param>
    /// <param name="options">Task queues and limits.</param>
    /// <param name="jobLogStore">Where finished job logs are read from.</param>
    /// <param name="localWorker">This process's terraform worker, if it runs one: its live logs can be read while jobs run.</param>
    public TemporalNeptuneClient(ITemporalClient client, TemporalOptions options, IJobLogStore jobLogStore, TerraformWorker? localWorker = null)
    {
        this.client = client;
        this.options = options;
        this.jobLogStore = jobLogStore;
        this.localWorker = localWorker;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The deployment id is chosen here, so the receipt is returned as soon as Temporal has the signal durably. Dropping a
    /// duplicate manual request is decided later by the workflow; the receipt cannot say so (see <c>docs/temporal.md</c>).
    /// </remarks>
    public async Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signal = new RevisionSignal { DeploymentId = Guid.NewGuid(), Request = RevisionRequestPayload.From(request) };
        var workflowOptions = new WorkflowOptions(request.Target.Id, options.TaskQueue)
        {
            Rpc = new RpcOptions { CancellationToken = cancellationToken },
        };
        workflowOptions.SignalWithStart((DeployWorkflow wf) => wf.NewRevisionAsync(signal));
        await client.StartWorkflowAsync((DeployWorkflow wf) => wf.RunAsync(Input(request.Target)), workflowOptions).ConfigureAwait(false);
        return new RevisionReceipt(signal.DeploymentId, null);
    }

    /// <inheritdoc />
    public async Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await NotFoundAsAsync($"Target {target} has no running coordinator.", () =>
            client.GetWorkflowHandle<DeployWorkflow>(target.Id).SignalAsync(wf => wf.UnlockAsync(new UnlockSignal { User = user }), Rpc(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        await NotFoundAsAsync($"Deployment {deploymentId} has no terraform run.", () =>
            client.GetWorkflowHandle<TerraformRunWorkflow>(deploymentId.ToString()).SignalAsync(
                wf => wf.PlanReviewAsync(new ReviewSignal { Decision = decision, User = user }), Rpc(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default)
    {
        var targets = new List<TargetStatus>();
        var query = $"WorkflowType = '{NeptuneTemporalNames.DeployWorkflow}' AND ExecutionStatus = 'Running'";
        await foreach (var execution in client.ListWorkflowsAsync(query, new WorkflowListOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (DeployTarget.TryParse(execution.Id, out var target))
            {
                targets.Add(await GetTargetAsync(target, cancellationToken).ConfigureAwait(false));
            }
        }

        return targets;
    }

    /// <inheritdoc />
    public async Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var snapshot = await NotFoundAsAsync($"Target {target} has no coordinator.", () =>
            client.GetWorkflowHandle<DeployWorkflow>(target.Id).QueryAsync(wf => wf.Status(), new WorkflowQueryOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } })).ConfigureAwait(false);
        return snapshot is null
            ? throw new NeptuneNotFoundException($"Target {target} has not started yet.")
            : TargetStatusViews.Of(DeployStateJson.Deserialize(snapshot));
    }

    /// <inheritdoc />
    /// <remarks>Deployments whose terraform run started are found by id; queued ones are listed with their target (<see cref="GetTargetAsync"/>).</remarks>
    public async Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default)
    {
        var snapshot = await NotFoundAsAsync($"Deployment {deploymentId} has no terraform run.", () =>
            client.GetWorkflowHandle<TerraformRunWorkflow>(deploymentId.ToString()).QueryAsync(wf => wf.RunState(), new WorkflowQueryOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } })).ConfigureAwait(false);
        if (snapshot is null)
        {
            throw new NeptuneNotFoundException($"Deployment {deploymentId} has not started its run yet.");
        }

        var run = RunStateJson.Deserialize(snapshot);
        return new DeploymentStatus { Deployment = run.Deployment, Stage = TargetStatusViews.StageOf(run), Run = run, Result = run.Result };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (localWorker?.LiveLog(jobId) is { } live)
        {
            await foreach (var line in live.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            yield break;
        }

        var stored = await jobLogStore.OpenAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new NeptuneNotFoundException($"Job {jobId} is not stored yet (logs of running jobs are on their terraform worker until the job ends).");
        using var reader = new StreamReader(stored);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    private DeployWorkflowInput Input(DeployTarget target) => new()
    {
        Target = target.Id,
        TaskQueue = options.TaskQueue,
        TerraformTaskQueue = options.TerraformTaskQueue,
        HistoryEventLimit = options.HistoryEventLimit,
    };

    private static WorkflowSignalOptions Rpc(CancellationToken cancellationToken) => new() { Rpc = new RpcOptions { CancellationToken = cancellationToken } };

    private static async Task NotFoundAsAsync(string message, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new NeptuneNotFoundException(message, e);
        }
    }

    private static async Task<T> NotFoundAsAsync<T>(string message, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new NeptuneNotFoundException(message, e);
        }
    }
}
