using CsCheck;

namespace Neptune.Tests.Deploy;

/// <summary>
/// Random event sequences through one target's coordinator in a simulated host (<see cref="DeploySimulation"/>),
/// which checks every rule of spec §3–§6 on every event: lanes and lock, FIFO, nothing lost or duplicated, one
/// deployment in flight, start and apply at most once, audit once per apply state, check-run generations, §4.5.
/// </summary>
public class DeployDeciderPropertyTests
{
    /// <summary>Runs move on more often than revisions arrive, so queues drain, lanes lock and unlock, and coordinators go idle.</summary>
    private static readonly Gen<SimStep> Step = Gen.Frequency(
        (3, SimStep.Merge), (1, SimStep.Manual), (1, SimStep.Rerun), (1, SimStep.Force), (3, SimStep.Compare),
        (8, SimStep.Run), (2, SimStep.Unlock), (2, SimStep.IdleTimer), (2, SimStep.ReportCheckRunId), (1, SimStep.ReplayRunState));

    /// <summary>A step, a choice that picks revisions, directions and outcomes, and minutes that pass before it.</summary>
    private static readonly Gen<(SimStep, int, int)[]> Steps =
        Gen.Select(Step, Gen.Int[0, 9_999], Gen.Int[0, 45]).Array[0, 150];

    /// <summary>What the random runs must reach between them, or the properties would hold vacuously.</summary>
    private static readonly string[] MustSee =
    [
        "restarted", "restarted locked", "stopped", "manual request deduped", "merge left", "unlock released a merge",
        "manual left ahead of merges", "ValidationFailed not persisted", "Succeeded persisted", "TerraformFailed persisted",
        "Interrupted persisted", "Rejected not persisted", "ReviewTimeout not persisted", "audit Running", "audit Success",
        "audit Failure", "check-run id recorded", "known check run updated", "generation 2 created", "generation 3 created",
        "run state redelivered", "stale run state refused", "refused OrderingResolved", "refused IdleTimerFired",
        "refused UnlockRequested", "refused CheckRunPublished", "stale links refreshed",
    ];

    [Fact]
    public void Random_event_sequences_keep_the_queue_lock_ordering_run_and_check_run_rules()
    {
        var seen = new HashSet<string>();
        Steps.Sample(steps =>
        {
            var simulation = new DeploySimulation(roundTripEveryEvent: false);
            simulation.Play(steps);
            lock (seen)
            {
                seen.UnionWith(simulation.Seen);
            }
        }, iter: 1_000);

        Assert.Empty(MustSee.Except(seen));
    }

    [Fact]
    public void Snapshot_round_trip_at_any_point_decides_the_next_event_exactly_like_the_original()
    {
        Steps.Sample(steps => new DeploySimulation(roundTripEveryEvent: true).Play(steps), iter: 300);
    }
}
