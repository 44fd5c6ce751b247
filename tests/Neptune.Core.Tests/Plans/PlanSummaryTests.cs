using Neptune.Plans;

namespace Neptune.Tests.Plans;

public class PlanSummaryTests
{
    [Theory]
    [InlineData(2, 1, 3, "Plan: 2 to add, 1 to change, 3 to destroy.")]
    [InlineData(1, 0, 0, "Plan: 1 to add, 0 to change, 0 to destroy.")]
    [InlineData(0, 0, 12, "Plan: 0 to add, 0 to change, 12 to destroy.")]
    public void Text_uses_terraforms_wording(int add, int change, int destroy, string expected)
    {
        Assert.Equal(expected, new PlanSummary(add, change, destroy).Text);
    }

    [Fact]
    public void A_plan_without_changes_says_so()
    {
        Assert.False(PlanSummary.NoChanges.HasChanges);
        Assert.Equal("No changes. Your infrastructure matches the configuration.", PlanSummary.NoChanges.Text);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    public void Any_single_change_has_changes(int add, int change, int destroy)
    {
        Assert.True(new PlanSummary(add, change, destroy).HasChanges);
    }

    [Fact]
    public void Unreadable_keeps_its_reason_and_a_blank_reason_gets_a_default()
    {
        Assert.Equal("boom", PlanReading.Unreadable("boom").Error);
        Assert.Equal("The plan could not be read.", PlanReading.Unreadable(" ").Error);
        Assert.False(PlanReading.Unreadable("boom").IsReadable);
    }
}
