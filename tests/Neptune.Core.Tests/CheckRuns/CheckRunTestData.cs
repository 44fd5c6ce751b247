using Neptune.CheckRuns;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Runs;
using Neptune.Tests.Runs;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.CheckRuns;

internal static class CheckRunTestData
{
    public static readonly NeptuneLinks Links = new(new Uri("https://neptune.example.com/"), new Uri("https://github.com/"));

    public static readonly Deployment Deployment = RunFlow.Deployment;

    /// <summary>A manual deploy with a check-run id beyond 32 bits, and a merge whose check run GitHub has not reported yet.</summary>
    public static readonly IReadOnlyList<QueuedRun> TwoAhead =
    [
        new(Id(2), ShaB, Trigger.Manual, 25_123_456_789L),
        new(Id(3), ShaC, Trigger.Merge, null),
    ];

    public static RunState Planning() => RunFlow.Run(RunFlow.Requested(PlanApproval.Auto));

    public static RunState AwaitingReview() => RunFlow.AwaitingReview();

    public static RunState UnreadablePlanAwaitingReview() => RunFlow.Run(RunFlow.Requested(PlanApproval.Auto), RunFlow.Planned(RunFlow.Unreadable));

    public static RunState Succeeded() => RunFlow.Run(RunFlow.Requested(PlanApproval.Auto), RunFlow.Planned(PlanReading.Readable(new PlanSummary(1, 2, 0))), new ApplySucceeded { At = RunFlow.At(7) });

    public static RunState PlanFailedInTerraform() => RunFlow.Run(
        RunFlow.Requested(PlanApproval.Auto),
        new PlanFailed { At = RunFlow.At(2), Failure = RunOutcome.TerraformFailed, Message = "Error: Unsupported argument on main.tf line 12: An argument named \"acl\" is not expected here." });

    public static RunState ReviewTimedOut()
    {
        var waiting = RunFlow.AwaitingReview();
        return RunFlow.Step(waiting, new ReviewTimerFired { At = waiting.ReviewDeadline!.Value }).State!;
    }
}
