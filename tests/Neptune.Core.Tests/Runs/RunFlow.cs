using Neptune.Model;
using Neptune.Plans;
using Neptune.Runs;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Runs;

/// <summary>Builds run events and drives the decider through accepted steps.</summary>
internal static class RunFlow
{
    public static readonly Deployment Deployment = TestData.Deployment(Merge(ShaA), 1);

    public static readonly PlanApproval ManualApproval = PlanApproval.Manual("Manually triggered deploys must be confirmed.");

    public static readonly PlanReading Changes = PlanReading.Readable(new PlanSummary(2, 1, 0));

    public static readonly PlanReading NoChanges = PlanReading.Readable(PlanSummary.NoChanges);

    public static readonly PlanReading Unreadable = PlanReading.Unreadable("The plan JSON has no 'format_version'.");

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static RunRequested Requested(PlanApproval approval, double minutes = 0) => new() { At = At(minutes), Deployment = Deployment, Approval = approval };

    public static PlanSucceeded Planned(PlanReading reading, double minutes = 3) => new() { At = At(minutes), Reading = reading };

    public static ReviewSubmitted Review(ReviewDecision decision, DateTimeOffset at, string user = "dana") => new() { At = at, Decision = decision, User = user };

    /// <summary>Applies an event that must be accepted and returns the decision.</summary>
    public static RunDecision Step(RunState? state, RunEvent e)
    {
        var decision = RunDecider.Decide(state, e);
        Assert.True(decision.Accepted, $"{e.GetType().Name} was rejected: {decision.Rejection}");
        Assert.NotNull(decision.State);
        return decision;
    }

    /// <summary>Applies events that must all be accepted and returns the final state.</summary>
    public static RunState Run(params RunEvent[] events)
    {
        RunState? state = null;
        foreach (var e in events)
        {
            state = Step(state, e).State;
        }

        return state!;
    }

    /// <summary>A run whose plan (with changes, manual approval) waits for review since minute 3.</summary>
    public static RunState AwaitingReview() => Run(Requested(ManualApproval), Planned(Changes));

    /// <summary>A run whose auto-approved apply is running since minute 3.</summary>
    public static RunState Applying() => Run(Requested(PlanApproval.Auto), Planned(Changes));

    public static void AssertRejectedUnchanged(RunState? before, RunDecision decision)
    {
        Assert.False(decision.Accepted);
        Assert.False(string.IsNullOrWhiteSpace(decision.Rejection));
        Assert.Empty(decision.Commands);
        Assert.Same(before, decision.State);
    }
}
