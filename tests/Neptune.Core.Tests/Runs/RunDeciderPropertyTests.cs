using CsCheck;
using Neptune.Plans;
using Neptune.Runs;
using static Neptune.Tests.Runs.RunFlow;

namespace Neptune.Tests.Runs;

public class RunDeciderPropertyTests
{
    private static readonly Gen<RunOutcome> Outcome = Gen.Enum<RunOutcome>();

    private static readonly Gen<PlanReading> Reading = Gen.OneOf(Gen.Const(Changes), Gen.Const(NoChanges), Gen.Const(Unreadable));

    /// <summary>Any event at any time, minutes after the previous one (up to ~8 days, so review deadlines pass).</summary>
    private static readonly Gen<Func<DateTimeOffset, RunEvent>> AnyEvent = Gen.OneOf<Func<DateTimeOffset, RunEvent>>(
        Reading.Select(r => (Func<DateTimeOffset, RunEvent>)(at => new PlanSucceeded { At = at, Reading = r })),
        Outcome.Select(o => (Func<DateTimeOffset, RunEvent>)(at => new PlanFailed { At = at, Failure = o, Message = "plan broke" })),
        Gen.Select(Gen.Enum<ReviewDecision>(), Gen.OneOf(Gen.Const("dana"), Gen.Const("erin"), Gen.Const(""))).Select((d, u) => (Func<DateTimeOffset, RunEvent>)(at => new ReviewSubmitted { At = at, Decision = d, User = u })),
        Gen.Const<Func<DateTimeOffset, RunEvent>>(at => new ReviewTimerFired { At = at }),
        Gen.Const<Func<DateTimeOffset, RunEvent>>(at => new ApplySucceeded { At = at }),
        Outcome.Select(o => (Func<DateTimeOffset, RunEvent>)(at => new ApplyFailed { At = at, Failure = o, Message = "apply broke" })),
        Gen.Const<Func<DateTimeOffset, RunEvent>>(at => new RunRecovered { At = at }),
        Gen.Const<Func<DateTimeOffset, RunEvent>>(at => new RunRequested { At = at, Deployment = Deployment, Approval = PlanApproval.Auto }));

    [Fact]
    public void No_event_sequence_issues_apply_more_than_once_or_changes_a_finished_run()
    {
        var sequences = Gen.Select(
            Gen.Bool,
            Gen.Select(AnyEvent, Gen.Int[0, 3 * 24 * 60]).Array[0, 40]);

        sequences.Sample((manual, events) =>
        {
            var state = Step(null, Requested(manual ? ManualApproval : PlanApproval.Auto)).State!;
            var at = At(0);
            var applies = 0;
            foreach (var (make, minutes) in events)
            {
                at = at.AddMinutes(minutes);
                var before = state;
                var decision = RunDecider.Decide(state, make(at));

                applies += decision.Commands.Count(c => c is ExecuteApply);
                if (!decision.Accepted || before.IsFinished)
                {
                    // Refused events change nothing, and every event after the finish is refused.
                    Assert.False(decision.Accepted);
                    Assert.Same(before, decision.State);
                    Assert.Empty(decision.Commands);
                }

                state = decision.State!;
                Assert.True(!before.ApplyIssued || state.ApplyIssued, "ApplyIssued was reset.");
                Assert.Equal(state.ApplyIssued ? 1 : 0, applies);
                if (state.Review is ReviewStatus.Rejected or ReviewStatus.TimedOut)
                {
                    Assert.False(state.ApplyIssued);
                }
            }

            Assert.True(applies <= 1, $"ExecuteApply was issued {applies} times.");
        }, iter: 2000);
    }
}
