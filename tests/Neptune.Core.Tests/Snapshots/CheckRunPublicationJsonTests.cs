using Neptune.CheckRuns;
using Neptune.Snapshots;
using Neptune.Tests.CheckRuns;

namespace Neptune.Tests.Snapshots;

public sealed class CheckRunPublicationJsonTests
{
    public static TheoryData<string> Views() => new() { "queued", "awaiting-review", "unreadable", "succeeded", "plan-failed" };

    private static CheckRunView View(string name) => name switch
    {
        "queued" => CheckRunViews.Queued(CheckRunTestData.Deployment, CheckRunTestData.TwoAhead),
        "awaiting-review" => CheckRunViews.Run(CheckRunTestData.AwaitingReview()),
        "unreadable" => CheckRunViews.Run(CheckRunTestData.UnreadablePlanAwaitingReview()),
        "succeeded" => CheckRunViews.Run(CheckRunTestData.Succeeded()),
        _ => CheckRunViews.Run(CheckRunTestData.PlanFailedInTerraform()),
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void A_publication_read_back_renders_the_same_check_run(string name)
    {
        var view = View(name);
        var publication = new CheckRunPublication(view.DeploymentId, 3, view) { ExistingCheckRunId = 25_123_456_789L };

        var back = CheckRunPublicationJson.Deserialize(CheckRunPublicationJson.Serialize(publication));

        Assert.Equal(3, back.Generation);
        Assert.Equal(25_123_456_789L, back.ExistingCheckRunId);
        Assert.Equal(view.Buttons, back.View.Buttons);
        Assert.Equal(view.Ahead ?? [], back.View.Ahead ?? []);
        Assert.Equal(view with { Buttons = [], Ahead = null }, back.View with { Buttons = [], Ahead = null });
        Assert.Equal(CheckRunMarkdown.Render(view, CheckRunTestData.Links), CheckRunMarkdown.Render(back.View, CheckRunTestData.Links));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":99}")]
    [InlineData("{\"version\":1,\"target\":\"acme/infra||prod\",\"status\":\"Sideways\"}")]
    public void Bad_or_newer_documents_are_refused_with_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => CheckRunPublicationJson.Deserialize(json));
}
