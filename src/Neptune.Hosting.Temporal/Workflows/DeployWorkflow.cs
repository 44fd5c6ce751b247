using System.Text;
using Microsoft.Extensions.Logging;
using Neptune.Audit;
using Neptune.Deploy;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Snapshots;
using Temporalio.Workflows;

namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>
/// The coordinator of one target on Temporal (id <c>owner/repo||root</c>). A thin loop around Core's
/// <see cref="DeployDecider"/>: signals and timers become decider events, the commands it returns become activities
/// and child workflows, and their results come back as events. No deploy rule lives here.
/// </summary>
[Workflow(NeptuneTemporalNames.DeployWorkflow)]
public sealed class DeployWorkflow
{
    private readonly Queue<DeployEvent> inbox = new();
    private readonly List<DeployCommand> commands = [];
    private DeployState? state;
    private int backgroundWork;

    /// <summary>Runs the coordinator until it is idle for 60 minutes, continuing as new before its history grows large.</summary>
    [WorkflowRun]
    public async Task RunAsync(DeployWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Snapshot is { } snapshot)
        {
            state = DeployStateJson.Deserialize(snapshot);
            ResumeOrdering(input);
        }
        else
        {
            state = new DeployState(DeployTarget.Parse(input.Target));
            var latest = await Workflow.ExecuteActivityAsync((DeployActivities a) => a.ReadLatestAsync(input.Target), ActivityPolicies.Coordinator);
            await DecideAsync(input, new TargetStarted
            {
                At = Workflow.UtcNow,
                Latest = latest is null ? null : LatestDeploymentJson.Deserialize(Encoding.UTF8.GetBytes(latest)),
            });
        }

        while (true)
        {
            if (inbox.Count == 0)
            {
                if (backgroundWork == 0 && ShouldContinueAsNew(input))
                {
                    // Carries queue, lock, latest deployment, the deployment in flight and check-run ids.
                    var next = input with { Snapshot = DeployStateJson.Serialize(state) };
                    throw Workflow.CreateContinueAsNewException((DeployWorkflow wf) => wf.RunAsync(next));
                }

                if (state.IsIdle && backgroundWork == 0)
                {
                    var wait = state.IdleDeadline - Workflow.UtcNow;
                    var woken = wait > TimeSpan.Zero && await Workflow.WaitConditionAsync(() => inbox.Count > 0, wait);
                    if (!woken && inbox.Count == 0)
                    {
                        await DecideAsync(input, new IdleTimerFired { At = Workflow.UtcNow });
                        if (state.IsStopped)
                        {
                            return;
                        }
                    }

                    continue;
                }

                await Workflow.WaitConditionAsync(() => inbox.Count > 0);
            }

            await DecideAsync(input, inbox.Dequeue());
        }
    }

    /// <summary>A revision for this target (sent with signal-with-start, so it also starts the workflow).</summary>
    [WorkflowSignal(NeptuneTemporalNames.NewRevisionSignal)]
    public Task NewRevisionAsync(RevisionSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        try
        {
            inbox.Enqueue(new RevisionRequested { At = Workflow.UtcNow, DeploymentId = signal.DeploymentId, Request = signal.Request.ToRequest() });
        }
        catch (ArgumentException e)
        {
            // A signal cannot be answered: drop what cannot be a request rather than fail the workflow task forever.
            Workflow.Logger.LogWarning("Dropped revision signal {DeploymentId}: {Reason}", signal.DeploymentId, e.Message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Unlocks the merge lane.</summary>
    [WorkflowSignal(NeptuneTemporalNames.UnlockSignal)]
    public Task UnlockAsync(UnlockSignal signal)
    {
        inbox.Enqueue(new UnlockRequested { At = Workflow.UtcNow, User = signal?.User });
        return Task.CompletedTask;
    }

    /// <summary>A terraform run reports its new state.</summary>
    [WorkflowSignal(NeptuneTemporalNames.StateChangeSignal)]
    public Task StateChangeAsync(RunStateSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        inbox.Enqueue(new RunStateChanged { At = Workflow.UtcNow, State = RunStateJson.Deserialize(signal.RunState) });
        return Task.CompletedTask;
    }

    /// <summary>The decider state as <see cref="DeployStateJson"/> (queue, lock, current and latest deployment, check-run ids), for dashboards.</summary>
    [WorkflowQuery(NeptuneTemporalNames.StatusQuery)]
    public string? Status() => state is null ? null : DeployStateJson.Serialize(state);

    private bool ShouldContinueAsNew(DeployWorkflowInput input) =>
        Workflow.ContinueAsNewSuggested || Workflow.CurrentHistoryLength >= input.HistoryEventLimit;

    /// <summary>After a continue-as-new the ordering check of the deployment in flight is asked again (its activity belonged to the old run).</summary>
    private void ResumeOrdering(DeployWorkflowInput input)
    {
        if (state!.Current is { Phase: DeploymentPhase.Ordering } ordering && state.Latest is { } latest)
        {
            var d = ordering.Deployment;
            StartCompare(input, new CompareRevisions(d.Id, d.Target.Repo, latest.Revision, d.Revision));
        }
    }

    /// <summary>Feeds one event to the decider, then carries out its commands; results that are events are decided in turn.</summary>
    private async Task DecideAsync(DeployWorkflowInput input, DeployEvent first)
    {
        var pending = new Queue<DeployEvent>();
        pending.Enqueue(first);
        while (pending.TryDequeue(out var e))
        {
            commands.Clear();
            var rejection = DeployDecider.Decide(state!, e, commands);
            if (rejection is not null)
            {
                Workflow.Logger.LogDebug("{Target} refused {Event}: {Reason}", input.Target, e.GetType().Name, rejection);
                continue;
            }

            var decided = new Queue<DeployCommand>(commands);
            commands.Clear();
            var deliveries = new List<DeliveryItem>();
            var work = new List<Task>();
            while (decided.TryDequeue(out var command))
            {
                switch (command)
                {
                    case PublishCheckRun publish:
                        deliveries.Add(new DeliveryItem { Kind = DeliveryKind.CheckRun, Json = CheckRunPublicationJson.Serialize(publish.Publication) });
                        break;
                    case PublishAudit audit:
                        deliveries.Add(new DeliveryItem { Kind = DeliveryKind.Audit, Json = AuditEventJson.Serialize(audit.Event) });
                        break;
                    case PersistLatest persist:
                        deliveries.Add(new DeliveryItem { Kind = DeliveryKind.Latest, Json = Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(persist.Deployment)) });
                        break;
                    case CompareRevisions compare:
                        StartCompare(input, compare);
                        break;
                    case StartRun start:
                        work.Add(StartRunAsync(input, start, decided));
                        break;
                    case ScheduleIdleTimer or StopCoordinator or DeploymentFinished:
                        // The idle deadline is read from the state by the main loop; the others need no work here.
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown deploy command {command.GetType().Name}.");
                }
            }

            Task<List<PublishedCheckRun>>? delivery = null;
            if (deliveries.Count > 0)
            {
                // One activity per decision, in the decider's order: fewer history events than one per publication.
                delivery = Workflow.ExecuteActivityAsync((DeployActivities a) => a.DeliverAsync(deliveries), ActivityPolicies.Coordinator);
                work.Add(delivery);
            }

            if (work.Count > 0)
            {
                await Workflow.WhenAllAsync(work);
            }

            if (delivery is not null)
            {
                foreach (var published in await delivery)
                {
                    pending.Enqueue(new CheckRunPublished { At = Workflow.UtcNow, DeploymentId = published.DeploymentId, Generation = published.Generation, CheckRunId = published.CheckRunId });
                }
            }
        }
    }

    /// <summary>
    /// Starts the run as the in-process host does: <see cref="RunDecider"/> decides <see cref="RunRequested"/> here, its
    /// first state goes straight to this decider (its commands join <paramref name="decided"/>, so its check run leaves
    /// in the same delivery), and the child starts at the first step the run decider issued. This saves the child a
    /// report and this workflow a delivery per deployment.
    /// </summary>
    private Task StartRunAsync(DeployWorkflowInput input, StartRun start, Queue<DeployCommand> decided)
    {
        var run = RunDecider.Decide(null, new RunRequested { At = Workflow.UtcNow, Deployment = start.Deployment, Approval = start.Approval });
        if (!run.Accepted)
        {
            throw new InvalidOperationException($"The run of {start.Deployment.Id} could not start: {run.Rejection}");
        }

        var plan = run.Commands.OfType<ExecutePlan>().Single();
        var reported = new List<DeployCommand>();
        foreach (var report in run.Commands.OfType<ReportRunState>())
        {
            var refused = DeployDecider.Decide(state!, new RunStateChanged { At = Workflow.UtcNow, State = report.State }, reported);
            if (refused is not null)
            {
                throw new InvalidOperationException($"The target refused the state of its own run {start.Deployment.Id}: {refused}");
            }
        }

        foreach (var command in reported)
        {
            decided.Enqueue(command);
        }

        return Workflow.StartChildWorkflowAsync(
            (TerraformRunWorkflow wf) => wf.RunAsync(new TerraformRunInput
            {
                RunState = RunStateJson.Serialize(run.State!),
                PlanJobId = plan.JobId,
                PlanAttempt = plan.Attempt,
                ParentWorkflowId = Workflow.Info.WorkflowId,
                TerraformTaskQueue = input.TerraformTaskQueue,
            }),
            new ChildWorkflowOptions
            {
                Id = start.Deployment.Id.ToString(),
                TaskQueue = input.TaskQueue,

                // The run reports to this workflow by id, so it survives this run continuing as new.
                ParentClosePolicy = ParentClosePolicy.Abandon,
            });
    }

    /// <summary>Compares in the background, so signals (unlock, new revisions) are taken while a compare is retried.</summary>
    private void StartCompare(DeployWorkflowInput input, CompareRevisions compare)
    {
        backgroundWork++;
        _ = CompareAsync(input, compare);
    }

    private async Task CompareAsync(DeployWorkflowInput input, CompareRevisions compare)
    {
        try
        {
            var direction = await Workflow.ExecuteActivityAsync(
                (DeployActivities a) => a.CompareAsync(input.Target, compare.BaseRevision, compare.HeadRevision),
                ActivityPolicies.Coordinator);
            inbox.Enqueue(new OrderingResolved { At = Workflow.UtcNow, DeploymentId = compare.DeploymentId, Direction = direction });
        }
        finally
        {
            backgroundWork--;
        }
    }
}
