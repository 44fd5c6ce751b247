using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Neptune.CheckRuns;
using Neptune.GitHub.Api;
using Neptune.GitHub.Checks;
using Neptune.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Checks;

public sealed class GitHubCheckRunPublisherTests : IDisposable
{
    private const string RunsPath = FakeGitHub.ApiPath + "/repos/acme/infra/check-runs";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const long BigId = 9_000_000_001; // check-run ids exceed 32 bits
    private static readonly Guid DeploymentId = Guid.Parse("6f1c2b9e-8a4d-4e2f-9c1a-3b5d7e9f1a2c");
    private static readonly NeptuneLinks Links = new(new Uri("https://neptune.example.com/"), new Uri("https://github.com/"));
    private readonly FakeGitHub _github = new();

    public GitHubCheckRunPublisherTests()
    {
        _github.Server.Given(Request.Create().WithPath(RunsPath).UsingPost())
            .RespondWith(Json(201, $$"""{"id":{{BigId}},"head_sha":"{{Sha}}","name":"neptune/deploy: prod","status":"queued"}"""));
        _github.Server.Given(Request.Create().WithPath($"{RunsPath}/{BigId}").UsingPatch())
            .RespondWith(Json(200, $$"""{"id":{{BigId}},"head_sha":"{{Sha}}","name":"neptune/deploy: prod","status":"in_progress"}"""));
    }

    public void Dispose() => _github.Dispose();

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private GitHubCheckRunPublisher Publisher()
    {
        var options = _github.Options();
        return new GitHubCheckRunPublisher(new GitHubClientFactory(Options.Create(options)), _github.Retry(options), Options.Create(options));
    }

    private static CheckRunView View(CheckRunStatus status, CheckRunConclusion? conclusion = null, params CheckRunButton[] buttons) => new()
    {
        Target = new DeployTarget(new RepoRef("acme", "infra"), "prod"),
        DeploymentId = DeploymentId,
        Revision = Sha,
        Status = status,
        Conclusion = conclusion,
        Title = "Some title",
        Buttons = buttons,
        Ahead = [],
    };

    private JsonNode Body(int index)
    {
        var request = _github.Requests[index].RequestMessage!;
        return JsonNode.Parse(request.Body!)!;
    }

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nActual   {actual.ToJsonString()}");

    private static string Summary(CheckRunView view) => System.Text.Json.JsonSerializer.Serialize(CheckRunMarkdown.Render(view, Links));

    [Fact]
    public async Task Create_then_update_sends_exact_bodies_and_returns_the_64_bit_id()
    {
        var publisher = Publisher();
        var queued = View(CheckRunStatus.Queued);
        var inProgress = View(CheckRunStatus.InProgress) with { Title = "Planning" };

        var created = await publisher.PublishAsync(new CheckRunPublication(DeploymentId, 1, queued), CancellationToken.None);
        var updated = await publisher.PublishAsync(new CheckRunPublication(DeploymentId, 1, inProgress) { ExistingCheckRunId = created }, CancellationToken.None);

        Assert.Equal(BigId, created);
        Assert.Equal(BigId, updated);
        Assert.Collection(
            _github.Requests,
            r => Assert.Equal(("POST", RunsPath), (r.RequestMessage!.Method, r.RequestMessage.Path)),
            r => Assert.Equal(("PATCH", $"{RunsPath}/{BigId}"), (r.RequestMessage!.Method, r.RequestMessage.Path)));
        AssertJson(
            $$"""
            {"name":"neptune/deploy: prod","head_sha":"{{Sha}}","status":"queued","external_id":"{{DeploymentId}}",
             "details_url":"https://neptune.example.com/","output":{"title":"Some title","summary":{{Summary(queued)}}},"actions":[]}
            """,
            Body(0));
        AssertJson(
            $$"""
            {"name":"neptune/deploy: prod","status":"in_progress","external_id":"{{DeploymentId}}",
             "details_url":"https://neptune.example.com/","output":{"title":"Planning","summary":{{Summary(inProgress)}}},"actions":[]}
            """,
            Body(1));
    }

    [Theory]
    [InlineData(CheckRunConclusion.Success, "success")]
    [InlineData(CheckRunConclusion.Failure, "failure")]
    [InlineData(CheckRunConclusion.TimedOut, "timed_out")]
    [InlineData(CheckRunConclusion.Skipped, "skipped")]
    [InlineData(CheckRunConclusion.Cancelled, "cancelled")]
    public async Task Completed_publication_sends_its_conclusion(CheckRunConclusion conclusion, string expected)
    {
        await Publisher().PublishAsync(
            new CheckRunPublication(DeploymentId, 1, View(CheckRunStatus.Completed, conclusion)) { ExistingCheckRunId = BigId },
            CancellationToken.None);

        var body = Body(0);
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(expected, body["conclusion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_publication_sends_no_conclusion()
    {
        await Publisher().PublishAsync(new CheckRunPublication(DeploymentId, 1, View(CheckRunStatus.InProgress)), CancellationToken.None);

        Assert.False(Body(0).AsObject().ContainsKey("conclusion"));
    }

    [Fact]
    public async Task Action_required_creates_a_run_with_buttons()
    {
        var view = View(CheckRunStatus.Completed, CheckRunConclusion.ActionRequired, CheckRunButton.Confirm, CheckRunButton.Reject);

        await Publisher().PublishAsync(new CheckRunPublication(DeploymentId, 2, view), CancellationToken.None);

        var body = Body(0);
        Assert.Equal("action_required", body["conclusion"]!.GetValue<string>());
        Assert.Equal(Sha, body["head_sha"]!.GetValue<string>());
        Assert.Equal(DeploymentId.ToString(), body["external_id"]!.GetValue<string>()); // same on every generation
        AssertJson(
            """
            [{"label":"Confirm","description":"Apply this plan","identifier":"Confirm"},
             {"label":"Reject","description":"Do not apply this plan","identifier":"Reject"}]
            """,
            body["actions"]!);
    }

    [Fact]
    public async Task Server_error_on_create_is_retried()
    {
        _github.Server.Given(Request.Create().WithPath(RunsPath).UsingPost()).AtPriority(0).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Json(503, """{"message":"unavailable"}"""));

        var publish = Publisher().PublishAsync(new CheckRunPublication(DeploymentId, 1, View(CheckRunStatus.Queued)), CancellationToken.None);
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(BigId, await publish);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task In_app_mode_a_check_run_is_created_with_the_repositorys_installation_token()
    {
        _github.StubInstallation("acme/infra", 77);
        _github.StubAccessToken(77, "ghs_installation_for_acme");
        var options = _github.AppOptions();
        var publisher = new GitHubCheckRunPublisher(_github.Clients(options), _github.Retry(options), Options.Create(options));

        await publisher.PublishAsync(new CheckRunPublication(DeploymentId, 1, View(CheckRunStatus.Queued)), CancellationToken.None);

        var create = Assert.Single(_github.Requests, r => r.RequestMessage!.Path == RunsPath).RequestMessage!;
        Assert.Equal("POST", create.Method);
        Assert.Equal("Bearer ghs_installation_for_acme", create.Headers!["Authorization"].Single());
    }

    [Fact]
    public void Long_labels_and_descriptions_are_shortened_to_github_limits()
    {
        var action = Assert.Single(GitHubCheckRunPublisher.Actions(
            [new CheckRunButton("A label far too long for GitHub", new string('d', 60), "Unlock")]));

        Assert.Equal(20, action.Label.Length);
        Assert.EndsWith("…", action.Label, StringComparison.Ordinal);
        Assert.Equal(40, action.Description.Length);
        Assert.Equal("Unlock", action.Identifier);
    }

    [Fact]
    public void Too_many_buttons_or_long_identifiers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => GitHubCheckRunPublisher.Actions(
            [CheckRunButton.Unlock, CheckRunButton.Confirm, CheckRunButton.Reject, CheckRunButton.Unlock]));
        Assert.Throws<ArgumentException>(() => GitHubCheckRunPublisher.Actions(
            [new CheckRunButton("Go", "Go", new string('x', 21))]));
    }
}
