using Neptune.Runs;

namespace Neptune.Tests.Runs;

public class RunOutcomesTests
{
    /// <summary>Spec §4.5: success and failures after terraform may have run persist; rejections, review timeouts and validation failures do not.</summary>
    public static TheoryData<RunOutcome, bool> PersistsTable() => new()
    {
        { RunOutcome.Succeeded, true },
        { RunOutcome.TerraformFailed, true },
        { RunOutcome.InternalError, true },
        { RunOutcome.HeartbeatTimeout, true },
        { RunOutcome.DurationTimeout, true },
        { RunOutcome.SchedulingTimeout, true },
        { RunOutcome.Interrupted, true },
        { RunOutcome.Rejected, false },
        { RunOutcome.ReviewTimeout, false },
        { RunOutcome.ValidationFailed, false },
    };

    [Theory]
    [MemberData(nameof(PersistsTable))]
    public void PersistsAsLatest_follows_the_spec_table(RunOutcome outcome, bool persists)
    {
        Assert.Equal(persists, RunOutcomes.PersistsAsLatest(outcome));
        Assert.Equal(persists, new RunResult(outcome, "m").PersistsAsLatest);
    }

    [Fact]
    public void Every_outcome_is_in_the_persistence_table()
    {
        var table = PersistsTable().Select(row => (RunOutcome)row[0]).ToHashSet();

        Assert.Equal(Enum.GetValues<RunOutcome>().ToHashSet(), table);
    }

    [Theory]
    [InlineData(RunOutcome.HeartbeatTimeout, true)]
    [InlineData(RunOutcome.DurationTimeout, true)]
    [InlineData(RunOutcome.SchedulingTimeout, true)]
    [InlineData(RunOutcome.ReviewTimeout, true)]
    [InlineData(RunOutcome.TerraformFailed, false)]
    [InlineData(RunOutcome.Interrupted, false)]
    public void Timeouts_are_recognised(RunOutcome outcome, bool isTimeout)
    {
        Assert.Equal(isTimeout, RunOutcomes.IsTimeout(outcome));
    }
}
