using Neptune.Runs;

namespace Neptune.Tests.Runs;

public class RetryPolicyTests
{
    [Fact]
    public void Plan_does_not_retry_terraform_errors()
    {
        Assert.False(RunPolicy.Plan.ShouldRetry(RunOutcome.TerraformFailed, attempt: 1));
    }

    [Fact]
    public void Plan_retries_internal_errors_until_the_maximum_attempts()
    {
        var max = RunPolicy.Plan.MaximumAttempts;
        Assert.True(max > 1, "Plans must be retried for infrastructure errors.");

        for (var attempt = 1; attempt < max; attempt++)
        {
            Assert.True(RunPolicy.Plan.ShouldRetry(RunOutcome.InternalError, attempt), $"attempt {attempt}");
        }

        Assert.False(RunPolicy.Plan.ShouldRetry(RunOutcome.InternalError, max));
    }

    [Fact]
    public void Apply_is_never_retried_whatever_the_failure()
    {
        foreach (var outcome in Enum.GetValues<RunOutcome>())
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                Assert.False(RunPolicy.Apply.ShouldRetry(outcome, attempt), $"{outcome} attempt {attempt}");
            }
        }
    }

    [Fact]
    public void Compare_is_retried_without_limit()
    {
        Assert.True(RunPolicy.Compare.ShouldRetry(RunOutcome.InternalError, 10_000));
    }

    [Fact]
    public void Delay_grows_exponentially_then_stays_at_the_cap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10), []);

        var delays = Enumerable.Range(1, 6).Select(policy.DelayAfter).Select(d => d.TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void Delay_of_a_huge_attempt_number_is_the_cap_not_an_overflow()
    {
        Assert.Equal(RunPolicy.Plan.MaximumInterval, RunPolicy.Plan.DelayAfter(100_000));
        Assert.Equal(RunPolicy.Compare.MaximumInterval, RunPolicy.Compare.DelayAfter(int.MaxValue));
    }

    [Fact]
    public void Attempts_are_counted_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RunPolicy.Plan.ShouldRetry(RunOutcome.InternalError, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunPolicy.Plan.DelayAfter(0));
    }

    [Fact]
    public void Review_waits_seven_days()
    {
        Assert.Equal(TimeSpan.FromDays(7), RunPolicy.ReviewTimeout);
    }
}
