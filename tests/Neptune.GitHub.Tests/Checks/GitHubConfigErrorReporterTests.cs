using System.Text.Json.Nodes;
using Neptune.GitHub.Checks;
using Neptune.GitHub.Config;
using Neptune.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Checks;

public sealed class GitHubConfigErrorReporterTests : IDisposable
{
    private const string RunsPath = FakeGitHub.ApiPath + "/repos/acme/infra/check-runs";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    [Fact]
    public async Task A_broken_config_becomes_a_failed_neptune_config_check_run()
    {
        _github.Server.Given(Request.Create().WithPath(RunsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"id":9000000002,"head_sha":"{{Sha}}","name":"neptune/config","status":"completed","conclusion":"failure"}"""));
        var options = _github.Options();
        var reporter = new GitHubConfigErrorReporter(_github.Clients(options), _github.Retry(options));

        await reporter.ReportAsync(new RepoRef("acme", "infra"), Sha, new RepoConfigException("neptune.yaml", 3, 7, "unknown key 'rots'"));

        var request = Assert.Single(_github.Requests).RequestMessage!;
        Assert.Equal(("POST", RunsPath), (request.Method, request.Path));
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("neptune/config", body["name"]!.GetValue<string>());
        Assert.Equal(Sha, body["head_sha"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal("failure", body["conclusion"]!.GetValue<string>());
        Assert.Equal("neptune.yaml line 3: unknown key 'rots'", body["output"]!["title"]!.GetValue<string>());
        var summary = body["output"]!["summary"]!.GetValue<string>();
        Assert.Contains("| `neptune.yaml` | line 3, column 7 | unknown key 'rots' |", summary, StringComparison.Ordinal);
        Assert.Contains("fix `neptune.yaml` and push again", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_without_a_place_names_the_file_only()
    {
        var error = new RepoConfigException("neptune.yaml", null, null, "the file is empty");

        Assert.Equal("neptune.yaml: the file is empty", GitHubConfigErrorReporter.Title(error));
        Assert.Contains("| `neptune.yaml` | the file as a whole | the file is empty |", GitHubConfigErrorReporter.Summary(error), StringComparison.Ordinal);
    }
}
