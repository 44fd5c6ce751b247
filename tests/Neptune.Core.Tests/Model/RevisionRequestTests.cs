using Neptune.Model;

namespace Neptune.Tests.Model;

public class RevisionRequestTests
{
    [Theory]
    [InlineData(true, false, "rerun")]
    [InlineData(false, true, "force")]
    public void Merge_request_cannot_be_a_rerun_or_forced(bool rerun, bool force, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new RevisionRequest(TestData.Target, TestData.ShaA, "main", Trigger.Merge, "alice", rerun: rerun, force: force));

        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("manual", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manual_request_may_be_a_forced_rerun()
    {
        var r = new RevisionRequest(TestData.Target, TestData.ShaA, "main", Trigger.Manual, "alice", rerun: true, force: true);

        Assert.True(r.Rerun);
        Assert.True(r.Force);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_branch_is_refused(string branch)
    {
        var e = Assert.Throws<ArgumentException>(() => new RevisionRequest(TestData.Target, TestData.ShaA, branch, Trigger.Merge, "alice"));

        Assert.Equal("branch", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t")]
    public void Empty_initiating_user_is_refused(string user)
    {
        var e = Assert.Throws<ArgumentException>(() => new RevisionRequest(TestData.Target, TestData.ShaA, "main", Trigger.Merge, user));

        Assert.Equal("initiatingUser", e.ParamName);
    }

    [Fact]
    public void Abbreviated_revision_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RevisionRequest(TestData.Target, "3f78685", "main", Trigger.Merge, "alice"));

        Assert.Equal("revision", e.ParamName);
    }

    [Fact]
    public void Revision_is_stored_in_lower_case()
    {
        var r = new RevisionRequest(TestData.Target, TestData.ShaA.ToUpperInvariant(), "main", Trigger.Merge, "alice");

        Assert.Equal(TestData.ShaA, r.Revision);
    }

    [Fact]
    public void Default_branch_defaults_to_the_requests_branch()
    {
        var r = new RevisionRequest(TestData.Target, TestData.ShaA, "trunk", Trigger.Merge, "alice");

        Assert.Equal("trunk", r.DefaultBranch);
        Assert.True(r.IsFromDefaultBranch);
    }

    [Fact]
    public void A_request_from_another_branch_is_not_from_the_default_branch()
    {
        var r = new RevisionRequest(TestData.Target, TestData.ShaA, "feature/vpc", Trigger.Manual, "alice", defaultBranch: "main");

        Assert.Equal("main", r.DefaultBranch);
        Assert.False(r.IsFromDefaultBranch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Non_positive_pull_number_is_refused(int pull)
    {
        var e = Assert.Throws<ArgumentException>(() => new RevisionRequest(TestData.Target, TestData.ShaA, "main", Trigger.Merge, "alice", pullNumber: pull));

        Assert.Equal("pullNumber", e.ParamName);
    }

    [Fact]
    public void Undefined_trigger_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RevisionRequest(TestData.Target, TestData.ShaA, "main", (Trigger)7, "alice"));

        Assert.Equal("trigger", e.ParamName);
    }

    [Fact]
    public void Tags_are_looked_up_by_name_and_missing_tags_are_null()
    {
        var r = TestData.Merge(TestData.ShaA, tags: new Dictionary<string, string> { ["environment"] = "production" });

        Assert.Equal("production", r.Tag("environment"));
        Assert.Null(r.Tag("project"));
        Assert.Empty(TestData.Merge(TestData.ShaA).Tags);
    }
}
