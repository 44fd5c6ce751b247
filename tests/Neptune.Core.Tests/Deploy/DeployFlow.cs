using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Snapshots;
using Neptune.Tests.Runs;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>
/// Drives one target's <see cref="DeployDecider"/> the way a host does: events in, commands recorded, and each
/// deployment's run driven through a <see cref="RunDecider"/> whose every <see cref="ReportRunState"/> goes back
/// as <see cref="RunStateChanged"/>. Deployments are named by number (<see cref="TestData.Id"/>).
/// </summary>
internal sealed class DeployFlow
{
    private readonly Dictionary<Guid, RunState?> runs = [];
    private readonly Dictionary<Guid, StartRun> starts = [];

    private DeployFlow(DeployState state) => State = state;

    public DeployState State { get; }

    /// <summary>The time of the events the flow builds.</summary>
    public DateTimeOffset Now { get; set; } = T0;

    /// <summary>Every command of every accepted event, in order.</summary>
    public List<DeployCommand> Issued { get; } = [];

    /// <summary>A coordinator that has not started.</summary>
    public static DeployFlow NotStarted() => new(new DeployState(Target));

    /// <summary>A coordinator started at <see cref="TestData.T0"/> with the given latest deployment.</summary>
    public static DeployFlow Started(LatestDeployment? latest = null)
    {
        var flow = NotStarted();
        flow.Step(new TargetStarted { At = T0, Latest = latest });
        return flow;
    }

    /// <summary>Applies an event that must be accepted.</summary>
    public DeployDecision Step(DeployEvent e)
    {
        var decision = DeployDecider.Decide(State, e);
        Assert.True(decision.Accepted, $"{e.GetType().Name} was refused: {decision.Rejection}");
        foreach (var c in decision.Commands)
        {
            Issued.Add(c);
            if (c is StartRun s)
            {
                starts.Add(s.Deployment.Id, s);
            }
        }

        return decision;
    }

    /// <summary>Applies an event that must be refused with a reason, no commands and the state exactly as it was.</summary>
    public string Refused(DeployEvent e)
    {
        var before = DeployStateJson.Serialize(State);
        var decision = DeployDecider.Decide(State, e);
        Assert.False(decision.Accepted, $"{e.GetType().Name} was accepted.");
        Assert.False(string.IsNullOrWhiteSpace(decision.Rejection));
        Assert.Empty(decision.Commands);
        Assert.Equal(before, DeployStateJson.Serialize(State));
        return decision.Rejection!;
    }

    public RevisionRequested Requested(int n, RevisionRequest request) => new() { At = Now, DeploymentId = Id(n), Request = request };

    public DeployDecision Request(int n, RevisionRequest request) => Step(Requested(n, request));

    public OrderingResolved Ordering(int n, CompareDirection direction) => new() { At = Now, DeploymentId = Id(n), Direction = direction };

    public DeployDecision Resolve(int n, CompareDirection direction) => Step(Ordering(n, direction));

    public DeployDecision Unlock() => Step(new UnlockRequested { At = Now, User = "bob" });

    public CheckRunPublished CheckRunId(int n, int generation, long checkRunId) =>
        new() { At = Now, DeploymentId = Id(n), Generation = generation, CheckRunId = checkRunId };

    public DeployDecision Published(int n, int generation, long checkRunId) => Step(CheckRunId(n, generation, checkRunId));

    /// <summary>The StartRun the decider issued for deployment <paramref name="n"/>.</summary>
    public StartRun StartOf(int n)
    {
        Assert.True(starts.TryGetValue(Id(n), out var start), $"No StartRun was issued for deployment {n}.");
        return start!;
    }

    /// <summary>The run of deployment <paramref name="n"/> as its RunDecider last left it.</summary>
    public RunState RunOf(int n) => runs[Id(n)] ?? throw new InvalidOperationException($"Deployment {n} has no run.");

    /// <summary>
    /// Applies a run event to deployment <paramref name="n"/>'s run (it must be accepted) and feeds every reported
    /// state to the coordinator. Returns the coordinator's commands.
    /// </summary>
    public List<DeployCommand> Run(int n, RunEvent e)
    {
        runs.TryGetValue(Id(n), out var run);
        var decision = RunFlow.Step(run, e);
        runs[Id(n)] = decision.State;
        var commands = new List<DeployCommand>();
        foreach (var report in decision.Commands.OfType<ReportRunState>())
        {
            commands.AddRange(Step(new RunStateChanged { At = e.At, State = report.State }).Commands);
        }

        return commands;
    }

    /// <summary>Starts the run the decider asked for.</summary>
    public List<DeployCommand> Begin(int n)
    {
        var start = StartOf(n);
        return Run(n, new RunRequested { At = Now, Deployment = start.Deployment, Approval = start.Approval });
    }

    public List<DeployCommand> Plan(int n, PlanReading? reading = null) => Run(n, new PlanSucceeded { At = Now, Reading = reading ?? RunFlow.Changes });

    public List<DeployCommand> PlanFails(int n, RunOutcome failure = RunOutcome.TerraformFailed) =>
        Run(n, new PlanFailed { At = Now, Failure = failure, Message = "Error: Unsupported argument." });

    public List<DeployCommand> Review(int n, ReviewDecision decision, string user = "dana") =>
        Run(n, new ReviewSubmitted { At = Now, Decision = decision, User = user });

    public List<DeployCommand> ReviewTimesOut(int n) => Run(n, new ReviewTimerFired { At = RunOf(n).ReviewDeadline!.Value });

    public List<DeployCommand> Applied(int n) => Run(n, new ApplySucceeded { At = Now });

    public List<DeployCommand> ApplyFails(int n, RunOutcome failure = RunOutcome.TerraformFailed) =>
        Run(n, new ApplyFailed { At = Now, Failure = failure, Message = "Error: creating S3 bucket: AccessDenied." });

    /// <summary>Runs deployment <paramref name="n"/> to success (confirming its plan when it waits for review); returns the last step's commands.</summary>
    public List<DeployCommand> Deploy(int n)
    {
        Begin(n);
        Plan(n);
        if (RunOf(n).Review == ReviewStatus.Pending)
        {
            Review(n, ReviewDecision.Confirm);
        }

        return Applied(n);
    }

    /// <summary>The snapshot of the state now.</summary>
    public string Snapshot() => DeployStateJson.Serialize(State);

    public static List<CheckRunPublication> Publications(IEnumerable<DeployCommand> commands) =>
        [.. commands.OfType<PublishCheckRun>().Select(p => p.Publication)];

    public static List<CheckRunPublication> PublicationsOf(IEnumerable<DeployCommand> commands, int n) =>
        [.. Publications(commands).Where(p => p.DeploymentId == Id(n))];

    /// <summary>The one publication of deployment <paramref name="n"/> among <paramref name="commands"/>.</summary>
    public static CheckRunPublication PublicationOf(IEnumerable<DeployCommand> commands, int n) => Assert.Single(PublicationsOf(commands, n));

    public static List<AuditEvent> Audits(IEnumerable<DeployCommand> commands) => [.. commands.OfType<PublishAudit>().Select(a => a.Event)];

    /// <summary>The ids of the deployments whose run was started, in order.</summary>
    public List<Guid> StartedRuns() => [.. Issued.OfType<StartRun>().Select(s => s.Deployment.Id)];

    /// <summary>The ids of the deployments that left the queue (their ordering check began), in order.</summary>
    public List<Guid> Left() =>
        [.. Issued.OfType<PublishCheckRun>().Where(p => p.Publication.View.Title == CheckingOrderTitle).Select(p => p.Publication.DeploymentId)];

    private static readonly string CheckingOrderTitle = CheckRunViews.CheckingOrder(RunFlow.Deployment).Title;
}
