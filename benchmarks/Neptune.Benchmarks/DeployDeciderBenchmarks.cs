using BenchmarkDotNet.Attributes;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Benchmarks;

/// <summary>
/// Events per second through <see cref="DeployDecider"/> for a realistic mix: merges and some manual
/// deploys, ordering checks, every run state report, check-run id reports, reviews and an unlock.
/// The event sequence is recorded once by driving the real deciders, then replayed on a fresh state.
/// </summary>
[MemoryDiagnoser]
public class DeployDeciderBenchmarks
{
    private const int Deployments = 1_500;

    /// <summary>Events applied per invocation (the recorded sequence is cut to this length).</summary>
    public const int EventsPerReplay = 10_000;
    private DeployEvent[] events = [];
    private DeployTarget target = null!;
    private readonly List<DeployCommand> commands = new(16);
    private DeployState snapshotState = null!;

    [GlobalSetup]
    public void Setup()
    {
        target = new DeployTarget(new RepoRef("acme", "infra"), "prod");
        events = Record();

        // Guard the mix: it must exercise the rules, not the rejection path.
        var rejected = ReplayMix();
        if (rejected > EventsPerReplay / 3)
        {
            throw new InvalidOperationException($"{rejected} of {EventsPerReplay} recorded events were refused; the mix is not realistic.");
        }

        snapshotState = new DeployState(target);
        foreach (var e in events[..(EventsPerReplay / 2)])
        {
            DeployDecider.Decide(snapshotState, e);
        }

        Console.WriteLine($"// Mix: {EventsPerReplay} events, {rejected} refused (check-run ids reported after their deployment ended).");
    }

    /// <summary>
    /// Baseline: what any host does per event anyway — snapshot the target's state as JSON for its journal
    /// (measured on the state reached after the replay, so every call writes a realistic queue).
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerReplay)]
    public int SnapshotPerEvent()
    {
        var length = 0;
        for (var i = 0; i < EventsPerReplay; i++)
        {
            length += Snapshots.DeployStateJson.Serialize(snapshotState).Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = EventsPerReplay)]
    public int ReplayMix()
    {
        var state = new DeployState(target);
        var rejected = 0;
        foreach (var e in events)
        {
            commands.Clear();
            if (DeployDecider.Decide(state, e, commands) is not null)
            {
                rejected++;
            }
        }

        return rejected;
    }

    private DeployEvent[] Record()
    {
        var random = new Random(42);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new DeployState(target);
        var log = new List<DeployEvent>();
        var pending = new Queue<DeployEvent>();
        var runs = new Dictionary<Guid, RunState?>();
        long checkRunId = 5_000_000_000;

        void Feed(DeployEvent e)
        {
            pending.Enqueue(e);
            while (pending.TryDequeue(out var next))
            {
                log.Add(next);
                var decision = DeployDecider.Decide(state, next);
                foreach (var c in decision.Commands)
                {
                    React(c);
                }
            }
        }

        void React(DeployCommand c)
        {
            switch (c)
            {
                case PublishCheckRun p:
                    pending.Enqueue(new CheckRunPublished { At = at, DeploymentId = p.Publication.DeploymentId, Generation = p.Publication.Generation, CheckRunId = checkRunId++ });
                    break;
                case CompareRevisions cr:
                    pending.Enqueue(new OrderingResolved { At = at, DeploymentId = cr.DeploymentId, Direction = random.Next(20) == 0 ? CompareDirection.Behind : CompareDirection.Ahead });
                    break;
                case StartRun s:
                    RunEventOf(s.Deployment.Id, new RunRequested { At = at, Deployment = s.Deployment, Approval = s.Approval });
                    break;
            }
        }

        void RunEventOf(Guid id, RunEvent e)
        {
            runs.TryGetValue(id, out var run);
            var d = RunDecider.Decide(run, e);
            runs[id] = d.State;
            foreach (var rc in d.Commands)
            {
                switch (rc)
                {
                    case ReportRunState r:
                        pending.Enqueue(new RunStateChanged { At = at, State = r.State });
                        break;
                    case ExecutePlan:
                        RunEventOf(id, new PlanSucceeded { At = at, Reading = PlanReading.Readable(new PlanSummary(1, 2, 0)) });
                        break;
                    case ScheduleReviewTimeout:
                        RunEventOf(id, new ReviewSubmitted { At = at, Decision = random.Next(4) == 0 ? ReviewDecision.Reject : ReviewDecision.Confirm, User = "reviewer" });
                        break;
                    case ExecuteApply:
                        RunEventOf(id, random.Next(10) == 0
                            ? new ApplyFailed { At = at, Failure = RunOutcome.TerraformFailed, Message = "boom" }
                            : new ApplySucceeded { At = at });
                        break;
                }
            }
        }

        Feed(new TargetStarted { At = at });
        for (var i = 0; i < Deployments; i++)
        {
            at = at.AddMinutes(1);
            var sha = Convert.ToHexString(BitConverter.GetBytes((long)i + 1)).ToLowerInvariant().PadLeft(40, '0');
            var manual = random.Next(10) == 0;
            var request = new RevisionRequest(target, sha, "main", manual ? Trigger.Manual : Trigger.Merge, "dev");
            var id = new Guid(i + 1, 0, 0, new byte[8]);
            Feed(new RevisionRequested { At = at, DeploymentId = id, Request = request });
            if (state.Queue.Lock.IsLocked && random.Next(3) == 0)
            {
                Feed(new UnlockRequested { At = at, User = "admin" });
            }
        }

        if (log.Count < EventsPerReplay)
        {
            throw new InvalidOperationException($"Recorded only {log.Count} events; raise {nameof(Deployments)}.");
        }

        return log.Take(EventsPerReplay).ToArray();
    }
}
