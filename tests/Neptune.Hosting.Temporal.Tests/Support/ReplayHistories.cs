using System.Text;
using Neptune.Deploy;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Runs;
using Neptune.Snapshots;
using Temporalio.Common;
using static Neptune.Hosting.Temporal.Tests.Support.TestData;

namespace Neptune.Hosting.Temporal.Tests.Support;

/// <summary>
/// The replay scenarios, event by event, exactly as the server records the commands our workflows emit. Regenerate the
/// files with <c>NEPTUNE_REWRITE_HISTORIES=1 dotnet test --filter HistoryFiles</c> after a deliberate workflow change
/// (and only then: a change that needs new histories breaks running workflows).
/// </summary>
internal static class ReplayHistories
{
    private const string Deploy = NeptuneTemporalNames.DeployWorkflow;
    private const string Run = NeptuneTemporalNames.TerraformRunWorkflow;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Every scenario by file name (without <c>.json</c>), with the workflow type it replays against.</summary>
    public static IReadOnlyDictionary<string, (string WorkflowType, Func<WorkflowHistory> Build)> All { get; } = new Dictionary<string, (string, Func<WorkflowHistory>)>
    {
        ["deploy-merge-auto-apply"] = (Deploy, () => DeployMergeAutoApply(continueAsNew: false).Build()),
        ["deploy-behind-rejected"] = (Deploy, () => DeployBehindRejected().Build()),
        ["deploy-unlock"] = (Deploy, () => DeployUnlock().Build()),
        ["deploy-continue-as-new"] = (Deploy, () => DeployMergeAutoApply(continueAsNew: true).Build()),
        ["deploy-continued-run"] = (Deploy, () => DeployContinuedRun().Build()),
        ["run-merge-auto-apply"] = (Run, () => RunAutoApply().Build()),
        ["run-manual-confirm"] = (Run, () => RunReviewed(ReviewDecision.Confirm).Build()),
        ["run-manual-reject"] = (Run, () => RunReviewed(ReviewDecision.Reject).Build()),
        ["run-review-timeout"] = (Run, () => RunReviewTimeout().Build()),
        ["run-no-terraform-worker"] = (Run, () => RunWithoutWorker().Build()),
    };

    /// <summary>First deploy of a target: no latest deployment, a merge is planned and applied automatically, then the coordinator idles out (or continues as new).</summary>
    public static HistoryBuilder DeployMergeAutoApply(bool continueAsNew)
    {
        var d = Deployment();
        var h = new HistoryBuilder(TargetId, Deploy, DeployQueue, DeployInput(), T0);
        h.Signal(NeptuneTemporalNames.NewRevisionSignal, RevisionSignal(d.Request));
        h.WorkflowTask().Activity("neptune-read-latest", null);

        // The revision: the child run starts and the "checking order" check run is delivered, together.
        h.After(Second).WorkflowTask();
        var child = h.StartChild(d.Id.ToString(), Run, RunInput(d, PlanApproval.Auto));
        var delivery = h.ScheduleActivity("neptune-deliver");
        h.ChildStarted(child, d.Id.ToString(), Run).CompleteActivity(delivery, Published(d.Id, 1, 1001));
        h.After(Second).WorkflowTask();

        // The run's first state was decided here when it started; the child reports the later ones.
        foreach (var state in AutoApplyStates(d).Skip(1))
        {
            h.After(Second).Signal(NeptuneTemporalNames.StateChangeSignal, new RunStateSignal { RunState = RunStateJson.Serialize(state) });
            h.WorkflowTask().Activity("neptune-deliver", Published(d.Id, 1, 1001));
            h.After(Second).WorkflowTask(suggestContinueAsNew: continueAsNew && state.IsFinished);
        }

        if (continueAsNew)
        {
            return h.ContinuedAsNew(Deploy, DeployInput(FinishedSnapshot(d)));
        }

        // Idle: the 60-minute timer from the revision's time, then the coordinator ends.
        var idle = h.StartTimer(T0 + TimeSpan.FromMinutes(60) - (T0 + TimeSpan.FromSeconds(9)));
        h.ChildCompleted(child, d.Id.ToString(), Run, "Succeeded").After(Second).WorkflowTask();
        h.At(T0 + TimeSpan.FromMinutes(61)).FireTimer(idle).WorkflowTask();
        return h.Completed(null);
    }

    /// <summary>A merge older than the deployed revision: compared, refused with a failure check run, nothing runs.</summary>
    public static HistoryBuilder DeployBehindRejected()
    {
        var d = Deployment();
        var h = new HistoryBuilder(TargetId, Deploy, DeployQueue, DeployInput(), T0);
        h.Signal(NeptuneTemporalNames.NewRevisionSignal, RevisionSignal(d.Request));
        h.WorkflowTask().Activity("neptune-read-latest", LatestJson(Trigger.Merge));
        h.After(Second).WorkflowTask();
        var compare = h.ScheduleActivity("neptune-compare");
        var delivery = h.ScheduleActivity("neptune-deliver");
        h.CompleteActivity(compare, Neptune.Ports.CompareDirection.Behind).CompleteActivity(delivery, Published(d.Id, 1, 1001));
        h.After(Second).WorkflowTask().Activity("neptune-deliver", Published(d.Id, 1, 1001));
        h.After(Second).WorkflowTask();
        var idle = h.StartTimer(TimeSpan.FromMinutes(59));
        h.At(T0 + TimeSpan.FromMinutes(61)).FireTimer(idle).WorkflowTask();
        return h.Completed(null);
    }

    /// <summary>The latest deploy was manual, so merges are locked: a merge waits as action_required until Unlock, then it is compared, run and applied.</summary>
    public static HistoryBuilder DeployUnlock()
    {
        var d = Deployment();
        var h = new HistoryBuilder(TargetId, Deploy, DeployQueue, DeployInput(), T0);
        h.Signal(NeptuneTemporalNames.NewRevisionSignal, RevisionSignal(d.Request));
        h.WorkflowTask().Activity("neptune-read-latest", LatestJson(Trigger.Manual));
        h.After(Second).WorkflowTask().Activity("neptune-deliver", Published(d.Id, 1, 2001));
        h.After(Second).WorkflowTask();
        h.After(TimeSpan.FromMinutes(5)).Signal(NeptuneTemporalNames.UnlockSignal, new UnlockSignal { User = "alice" });
        h.WorkflowTask();
        var compare = h.ScheduleActivity("neptune-compare");
        var delivery = h.ScheduleActivity("neptune-deliver");
        h.CompleteActivity(compare, Neptune.Ports.CompareDirection.Ahead).CompleteActivity(delivery, Published(d.Id, 2, 2002));
        h.After(Second).WorkflowTask();
        var child = h.StartChild(d.Id.ToString(), Run, RunInput(d, PlanApproval.Auto));
        var planning = h.ScheduleActivity("neptune-deliver");
        h.ChildStarted(child, d.Id.ToString(), Run).CompleteActivity(planning, Published(d.Id, 2, 2002));
        h.After(Second).WorkflowTask();
        foreach (var state in AutoApplyStates(d).Skip(1))
        {
            h.After(Second).Signal(NeptuneTemporalNames.StateChangeSignal, new RunStateSignal { RunState = RunStateJson.Serialize(state) });
            h.WorkflowTask().Activity("neptune-deliver", Published(d.Id, 2, 2002));
            h.After(Second).WorkflowTask();
        }

        var idle = h.StartTimer(TimeSpan.FromMinutes(55));
        h.At(T0 + TimeSpan.FromMinutes(61)).FireTimer(idle).WorkflowTask();
        return h.Completed(null);
    }

    /// <summary>The run after a continue-as-new: state from the snapshot (no store read), idles out on the carried deadline.</summary>
    public static HistoryBuilder DeployContinuedRun()
    {
        var start = T0 + TimeSpan.FromSeconds(10);
        var h = new HistoryBuilder(TargetId, Deploy, DeployQueue, DeployInput(FinishedSnapshot(Deployment())), start);
        h.WorkflowTask();
        var idle = h.StartTimer(T0 + TimeSpan.FromMinutes(60) - start);
        h.At(T0 + TimeSpan.FromMinutes(61)).FireTimer(idle).WorkflowTask();
        return h.Completed(null);
    }

    /// <summary>A merge planned with changes and applied without review.</summary>
    public static HistoryBuilder RunAutoApply()
    {
        var d = Deployment();
        var h = RunStart(d, PlanApproval.Auto, out var states);
        PlanSteps(h, new PlanReadingPayload { Creations = 2 });
        h.After(Second).WorkflowTask().SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(states[1]));
        return ApplyAndFinish(h, states[2]);
    }

    /// <summary>A manual deploy: the plan waits for review; Confirm applies it, Reject ends it with nothing applied.</summary>
    public static HistoryBuilder RunReviewed(ReviewDecision decision)
    {
        var d = Deployment(Manual());
        var approval = PlanApproval.Manual("Manually triggered deploys must be confirmed");
        var h = RunStart(d, approval, out var states);
        PlanSteps(h, new PlanReadingPayload { Creations = 1 });
        var planned = T0 + TimeSpan.FromSeconds(8);
        h.After(Second).WorkflowTask().SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(states[1]));
        h.After(Second).WorkflowTask();
        var review = h.StartTimer(planned + RunPolicy.ReviewTimeout - h_Now(planned, 1));
        var reviewedAt = planned + TimeSpan.FromHours(1);
        h.At(reviewedAt).Signal(NeptuneTemporalNames.PlanReviewSignal, new ReviewSignal { Decision = decision, User = "bob" });
        h.WorkflowTask().CancelTimer(review);
        var reviewed = RunDecider.Decide(states[1], new ReviewSubmitted { At = reviewedAt, Decision = decision, User = "bob" }).State!;
        h.SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(reviewed));
        if (decision == ReviewDecision.Confirm)
        {
            var done = RunDecider.Decide(reviewed, new ApplySucceeded { At = reviewedAt + TimeSpan.FromSeconds(3) }).State!;
            return ApplyAndFinish(h.At(reviewedAt), done);
        }

        h.After(Second).WorkflowTask().Activity("neptune-cleanup", null, WorkerQueue);
        return h.After(Second).WorkflowTask().Completed(nameof(RunOutcome.Rejected));
    }

    /// <summary>Nobody reviews within 7 days: timed out, nothing applied.</summary>
    public static HistoryBuilder RunReviewTimeout()
    {
        var d = Deployment(Manual());
        var approval = PlanApproval.Manual("Manually triggered deploys must be confirmed");
        var h = RunStart(d, approval, out var states);
        PlanSteps(h, new PlanReadingPayload { Creations = 1 });
        var planned = T0 + TimeSpan.FromSeconds(8);
        h.After(Second).WorkflowTask().SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(states[1]));
        h.After(Second).WorkflowTask();
        var review = h.StartTimer(planned + RunPolicy.ReviewTimeout - h_Now(planned, 1));
        var firedAt = planned + RunPolicy.ReviewTimeout + Second;
        h.At(firedAt).FireTimer(review).WorkflowTask();
        var timedOut = RunDecider.Decide(states[1], new ReviewTimerFired { At = firedAt }).State!;
        h.SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(timedOut));
        h.After(Second).WorkflowTask().Activity("neptune-cleanup", null, WorkerQueue);
        return h.After(Second).WorkflowTask().Completed(nameof(RunOutcome.ReviewTimeout));
    }

    /// <summary>No terraform worker picks the claim up within 5 minutes: the plan fails with a scheduling timeout and the deploy workflow is told.</summary>
    public static HistoryBuilder RunWithoutWorker()
    {
        var d = Deployment();
        var h = new HistoryBuilder(d.Id.ToString(), Run, DeployQueue, RunInput(d, PlanApproval.Auto), T0, parentWorkflowId: TargetId);
        h.WorkflowTask();
        var claim = h.ScheduleActivity("neptune-claim-worker", TerraformQueue);
        h.At(T0 + RunPolicy.ScheduleToStartTimeout).TimeOutActivity(claim, Temporalio.Api.Enums.V1.TimeoutType.ScheduleToStart);
        var at = T0 + RunPolicy.ScheduleToStartTimeout + Second;
        var failed = RunDecider.Decide(FirstRunState(d, PlanApproval.Auto), new PlanFailed { At = at, Failure = RunOutcome.SchedulingTimeout, Message = "no terraform worker picked the step up in time." }).State!;
        h.At(at).WorkflowTask().SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(failed));
        return h.After(Second).WorkflowTask().Completed(nameof(RunOutcome.SchedulingTimeout));
    }

    private static DateTimeOffset h_Now(DateTimeOffset planned, int seconds) => planned + TimeSpan.FromSeconds(seconds);

    /// <summary>Start, claim a worker, report "planning". Returns the run states the decider produces on the way (planning, planned).</summary>
    private static HistoryBuilder RunStart(Deployment d, PlanApproval approval, out RunState[] states)
    {
        var h = new HistoryBuilder(d.Id.ToString(), Run, DeployQueue, RunInput(d, approval), T0, parentWorkflowId: TargetId);
        h.WorkflowTask().Activity("neptune-claim-worker", WorkerQueue, TerraformQueue);
        var planning = FirstRunState(d, approval);
        var planned = RunDecider.Decide(planning, new PlanSucceeded
        {
            At = T0 + TimeSpan.FromSeconds(8),
            Reading = PlanReading.Readable(new PlanSummary(approval.Kind == ApprovalKind.Auto ? 2 : 1, 0, 0)),
        }).State!;
        states = [planning, planned, planned];
        return h;
    }

    /// <summary>Fetch, init, plan, show, then the plan log is persisted: one task each.</summary>
    private static void PlanSteps(HistoryBuilder h, PlanReadingPayload reading)
    {
        h.At(T0 + TimeSpan.FromSeconds(2)).WorkflowTask().Activity("neptune-fetch", null, WorkerQueue);
        h.After(Second).WorkflowTask().Activity("neptune-init", null, WorkerQueue);
        h.After(Second).WorkflowTask().Activity("neptune-plan", null, WorkerQueue);
        h.After(Second).WorkflowTask().Activity("neptune-show", reading, WorkerQueue);
        h.After(Second).WorkflowTask().Activity("neptune-finish-job-log", null, WorkerQueue);
        h.At(T0 + TimeSpan.FromSeconds(8));
    }

    private static HistoryBuilder ApplyAndFinish(HistoryBuilder h, RunState applying)
    {
        h.After(Second).WorkflowTask().Activity("neptune-apply", null, WorkerQueue);
        h.After(Second).WorkflowTask().Activity("neptune-finish-job-log", null, WorkerQueue);
        var at = applying.Apply.StartedAt!.Value + TimeSpan.FromSeconds(3);
        var done = RunDecider.Decide(applying.Apply.Status == JobStatus.InProgress ? applying : applying, new ApplySucceeded { At = at });
        h.At(at).WorkflowTask().SignalExternal(TargetId, NeptuneTemporalNames.StateChangeSignal, Report(done.State ?? applying));
        h.After(Second).WorkflowTask().Activity("neptune-cleanup", null, WorkerQueue);
        return h.After(Second).WorkflowTask().Completed(nameof(RunOutcome.Succeeded));
    }

    /// <summary>The run states a merge auto-apply reports: planning, applying, succeeded.</summary>
    private static IEnumerable<RunState> AutoApplyStates(Deployment d)
    {
        var planning = FirstRunState(d, PlanApproval.Auto);
        var applying = RunDecider.Decide(planning, new PlanSucceeded { At = T0 + TimeSpan.FromSeconds(3), Reading = PlanReading.Readable(new PlanSummary(2, 0, 0)) }).State!;
        var done = RunDecider.Decide(applying, new ApplySucceeded { At = T0 + TimeSpan.FromSeconds(5) }).State!;
        return [planning, applying, done];
    }

    /// <summary>The snapshot the merge auto-apply carries across its continue-as-new: latest = the deployment, nothing queued.</summary>
    private static string FinishedSnapshot(Deployment d)
    {
        var state = new DeployState(Target);
        DeployDecider.Decide(state, new TargetStarted { At = T0 + Second, Latest = null });
        DeployDecider.Decide(state, new RevisionRequested { At = T0, DeploymentId = d.Id, Request = d.Request });
        foreach (var run in AutoApplyStates(d))
        {
            DeployDecider.Decide(state, new RunStateChanged { At = T0 + TimeSpan.FromSeconds(5), State = run });
        }

        return DeployStateJson.Serialize(state);
    }

    private static string LatestJson(Trigger trigger) =>
        Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(new LatestDeployment(PreviousId, Target, RevisionA, "main", trigger, initiatingUser: "alice")));

    private static List<PublishedCheckRun> Published(Guid deploymentId, int generation, long id) =>
        [new PublishedCheckRun { DeploymentId = deploymentId, Generation = generation, CheckRunId = id }];

    private static RunStateSignal Report(RunState state) => new() { RunState = RunStateJson.Serialize(state) };
}
