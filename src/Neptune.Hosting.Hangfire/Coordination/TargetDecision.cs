using global::Hangfire.Common;
using global::Hangfire.States;
using Neptune.Audit;
using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Jobs;
using Neptune.Hosting.Hangfire.Nodes;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Snapshots;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>
/// One event's decision for a target: feeds the deciders (a <see cref="RunDecider"/> inside the target's
/// <see cref="DeployDecider"/>, as the in-process coordinator does) and turns every command into something to
/// save — outbox items, jobs, run placements — that <see cref="TargetWrites"/> commits in one storage transaction.
/// </summary>
internal sealed class TargetDecision
{
    private readonly string shared;
    private readonly Func<Guid, string?> nodeOfRun;
    private readonly List<DeployCommand> commands = [];

    public TargetDecision(DeployState state, DateTimeOffset now, string sharedQueue, Func<Guid, string?> nodeOfRun)
    {
        State = state;
        Now = now;
        shared = sharedQueue;
        this.nodeOfRun = nodeOfRun;
    }

    public DeployState State { get; }

    public DeployTarget Target => State.Target;

    public DateTimeOffset Now { get; }

    public TargetWrites Writes { get; } = new();

    /// <summary>Applies a target event; returns the decider's refusal, or <see langword="null"/>.</summary>
    public string? Decide(DeployEvent e)
    {
        commands.Clear();
        var rejection = DeployDecider.Decide(State, e, commands);
        var decided = commands.ToArray();
        commands.Clear();
        foreach (var command in decided)
        {
            Execute(command);
        }

        if (rejection is null && e is RevisionRequested r)
        {
            Writes.Accepted.Add(r.DeploymentId);
        }

        return rejection;
    }

    /// <summary>Applies an event of the running deployment's run; returns the refusal, or <see langword="null"/>.</summary>
    public string? DecideRun(Guid deploymentId, RunEvent e)
    {
        if (State.Current is not { Phase: DeploymentPhase.Running } current || current.Deployment.Id != deploymentId)
        {
            return $"Deployment {deploymentId} is not the running deployment of {Target}.";
        }

        var decision = RunDecider.Decide(current.Run, e);
        if (!decision.Accepted)
        {
            return decision.Rejection;
        }

        foreach (var command in decision.Commands)
        {
            switch (command)
            {
                case ReportRunState report:
                    var refused = Decide(new RunStateChanged { At = e.At, State = report.State });
                    if (refused is not null)
                    {
                        throw new InvalidOperationException($"The target refused the state of its own run {deploymentId}: {refused}");
                    }

                    break;
                case ExecutePlan plan:
                    Writes.RunPlacements[deploymentId] = new RunPlacement(Target.Id, null, plan.Attempt, RunSteps.Plan);
                    Writes.ActiveRunsAdded.Add(deploymentId);
                    Enqueue(Job.FromExpression<RunJobs>(j => j.PlanAsync(Target.Id, deploymentId, plan.Attempt, CancellationToken.None)), shared);
                    break;
                case ExecuteApply:
                    // The plan file lives on the node that planned: the apply is pinned to that node's queue.
                    var node = nodeOfRun(deploymentId) ?? throw new InvalidOperationException($"No node is known for the plan of {deploymentId}.");
                    Writes.RunPlacements[deploymentId] = new RunPlacement(Target.Id, node, current.Run?.PlanAttempts ?? 1, RunSteps.Apply);
                    Enqueue(Job.FromExpression<RunJobs>(j => j.ApplyAsync(Target.Id, deploymentId, CancellationToken.None)), NodeIdentity.QueueFor(node));
                    break;
                case ScheduleReviewTimeout review:
                    Writes.RunPlacements[deploymentId] = new RunPlacement(Target.Id, nodeOfRun(deploymentId), current.Run?.PlanAttempts ?? 1, RunSteps.Review);
                    Schedule(Job.FromExpression<TargetEventJobs>(j => j.ReviewTimerAsync(Target.Id, deploymentId, review.DueAt, CancellationToken.None)), review.DueAt);
                    break;
                case CleanupWorkspace cleanup:
                    if (nodeOfRun(cleanup.DeploymentId) is { } owner)
                    {
                        Enqueue(Job.FromExpression<RunJobs>(j => j.Cleanup(cleanup.DeploymentId)), NodeIdentity.QueueFor(owner));
                    }

                    break;
                case FinishRun:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown run command {command.GetType().Name}.");
            }
        }

        return null;
    }

    private void Execute(DeployCommand command)
    {
        switch (command)
        {
            case CompareRevisions c:
                Enqueue(Job.FromExpression<RunJobs>(j => j.CompareAsync(Target.Id, c.DeploymentId, c.BaseRevision, c.HeadRevision, 1, CancellationToken.None)), shared);
                break;
            case StartRun start:
                var rejection = DecideRun(start.Deployment.Id, new RunRequested { At = Now, Deployment = start.Deployment, Approval = start.Approval });
                if (rejection is not null)
                {
                    throw new InvalidOperationException($"The run of {start.Deployment.Id} could not start: {rejection}");
                }

                break;
            case PublishCheckRun publish:
                Writes.Outbox.Add(new OutboxItem(0, OutboxKind.CheckRun, CheckRunPublicationJson.Serialize(publish.Publication)));
                break;
            case PublishAudit audit:
                Writes.Outbox.Add(new OutboxItem(0, OutboxKind.Audit, AuditEventJson.Serialize(audit.Event)));
                break;
            case PersistLatest persist:
                Writes.Outbox.Add(new OutboxItem(0, OutboxKind.Latest, System.Text.Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(persist.Deployment))));
                break;
            case ScheduleIdleTimer idle:
                Schedule(Job.FromExpression<TargetEventJobs>(j => j.IdleTimerAsync(Target.Id, idle.DueAt, CancellationToken.None)), idle.DueAt);
                break;
            case DeploymentFinished finished:
                Finished(finished);
                break;
            case StopCoordinator:
                break;
            default:
                throw new InvalidOperationException($"Unknown deploy command {command.GetType().Name}.");
        }
    }

    private void Finished(DeploymentFinished finished)
    {
        var d = finished.Deployment;
        var snapshot = finished.Run ?? new RunState
        {
            Deployment = d,
            Approval = PlanApproval.Auto,
            Plan = new JobSnapshot(d.PlanJobId, JobStatus.Waiting),
            Apply = new JobSnapshot(d.ApplyJobId, JobStatus.Waiting),
            Result = finished.Result,
        };
        Writes.Finished.Add(new FinishedDeployment(d.Id, Now, finished.Result.Outcome, RunStateJson.Serialize(snapshot)));
        Writes.ActiveRunsRemoved.Add(d.Id);
        Writes.ActiveRunsAdded.Remove(d.Id);
        if (Writes.RunPlacements.TryGetValue(d.Id, out var placement))
        {
            Writes.RunPlacements[d.Id] = placement with { Step = RunSteps.Done };
        }
        else if (finished.Run is not null)
        {
            Writes.RunPlacements[d.Id] = new RunPlacement(Target.Id, nodeOfRun(d.Id), finished.Run.PlanAttempts, RunSteps.Done);
        }
    }

    private void Enqueue(Job job, string queue) => Writes.Jobs.Add((job, new EnqueuedState(queue)));

    private void Schedule(Job job, DateTimeOffset dueAt) => Writes.Jobs.Add((job, new ScheduledState(dueAt.UtcDateTime)));
}
