using System.Text;
using Microsoft.Extensions.Logging;
using Neptune.GitHub.Contents;
using Neptune.GitHub.Roots;
using Neptune.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Neptune.GitHub.Tests.Contents;

public sealed class GitHubRepositoryReaderTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Before = "1111111111111111111111111111111111111111";
    private const string Repo = FakeGitHub.ApiPath + "/repos/acme/infra";
    private static readonly RepoRef Infra = new("acme", "infra");
    private readonly FakeGitHub _github = new();
    private readonly RecordingLogger _logger = new();

    public void Dispose() => _github.Dispose();

    private GitHubRepositoryReader Reader()
    {
        var options = _github.Options();
        return new GitHubRepositoryReader(_github.Clients(options), _github.Retry(options), _logger);
    }

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private void Stub(string path, int status, string body) =>
        _github.Server.Given(Request.Create().WithPath(path).WithParam("ref", Sha).UsingGet()).RespondWith(Json(status, body));

    private static string FileJson(string path, string text)
    {
        // GitHub wraps base64 at 60 characters with \n.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var wrapped = string.Join("\\n", encoded.Chunk(60).Select(chunk => new string(chunk)));
        return $$"""
            {"type":"file","encoding":"base64","size":{{Encoding.UTF8.GetByteCount(text)}},"name":"{{Path.GetFileName(path)}}","path":"{{path}}",
             "content":"{{wrapped}}\n","sha":"3d21ec53a331a6f037a91c368710b99387d012c1",
             "url":"https://api.github.com/repos/acme/infra/contents/{{path}}?ref={{Sha}}","git_url":null,"html_url":null,"download_url":null,
             "_links":{"self":"https://api.github.com/repos/acme/infra/contents/{{path}}"} }
            """;
    }

    private static string Entry(string type, string path) =>
        $$"""{"type":"{{type}}","size":0,"name":"{{Path.GetFileName(path)}}","path":"{{path}}","sha":"fa1c","url":"https://api.github.com/x","git_url":null,"html_url":null,"download_url":null}""";

    [Fact]
    public async Task A_file_is_read_at_the_sha_and_its_base64_decoded()
    {
        var yaml = "roots:\n  - name: prod\n    dir: envs/prod\n# ünïcode and a line long enough to wrap the base64 over several lines\n";
        Stub(Repo + "/contents/neptune.yaml", 200, FileJson("neptune.yaml", yaml));

        var text = await Reader().ReadFileAsync(Infra, Sha, "neptune.yaml");

        Assert.Equal(yaml, text);
        var request = Assert.Single(_github.Requests).RequestMessage!;
        Assert.Equal(Repo + "/contents/neptune.yaml", request.Path);
        Assert.Equal(Sha, request.Query!["ref"].Single());
        Assert.Equal("Bearer " + FakeGitHub.Token, request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_missing_file_reads_as_null()
    {
        Stub(Repo + "/contents/neptune.yaml", 404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/contents#get-repository-content","status":"404"}""");

        Assert.Null(await Reader().ReadFileAsync(Infra, Sha, "neptune.yaml"));
    }

    [Fact]
    public async Task A_directory_is_no_file_but_exists_as_a_directory()
    {
        // A directory holding one file: its listing has one entry, which must not pass for the file itself.
        Stub(Repo + "/contents/envs/prod", 200, $"[{Entry("file", "envs/prod/main.tf")}]");

        var reader = Reader();

        Assert.Null(await reader.ReadFileAsync(Infra, Sha, "envs/prod"));
        Assert.True(await reader.DirectoryExistsAsync(Infra, Sha, "envs/prod"));
    }

    [Fact]
    public async Task A_file_or_a_missing_path_is_no_directory()
    {
        Stub(Repo + "/contents/envs/prod", 200, FileJson("envs/prod", "not a dir\n"));
        Stub(Repo + "/contents/envs/gone", 404, """{"message":"Not Found"}""");
        var reader = Reader();

        Assert.False(await reader.DirectoryExistsAsync(Infra, Sha, "envs/prod"));
        Assert.False(await reader.DirectoryExistsAsync(Infra, Sha, "envs/gone/"));
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        Stub(Repo + "/contents/neptune.yaml", 200, FileJson("neptune.yaml", "roots: []\n"));
        _github.Server.Given(Request.Create().WithPath(Repo + "/contents/neptune.yaml").UsingGet()).AtPriority(0).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Json(502, """{"message":"Server Error"}"""));

        var read = Reader().ReadFileAsync(Infra, Sha, "neptune.yaml");
        await _github.Time.WaitForTimerAsync();
        _github.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("roots: []\n", await read);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task Changed_files_of_a_push_come_from_compare_with_renames_under_both_names()
    {
        _github.Server.Given(Request.Create().WithPath($"{Repo}/compare/{Before}...{Sha}").UsingGet()).RespondWith(Json(200, $$"""
            {"status":"ahead","ahead_by":2,"behind_by":0,"total_commits":2,"commits":[],
             "files":[
               {"sha":"a1","filename":"envs/prod/main.tf","status":"modified","additions":1,"deletions":1,"changes":2},
               {"sha":"a2","filename":"envs/stage/vars.tf","previous_filename":"envs/prod/vars.tf","status":"renamed","additions":0,"deletions":0,"changes":0},
               {"sha":"a3","filename":"README.md","status":"removed","additions":0,"deletions":3,"changes":3}
             ]}
            """));

        var files = await Reader().ChangedFilesAsync(Infra, Before, Sha);

        Assert.Equal(
            [new ChangedFile("envs/prod/main.tf"), new ChangedFile("envs/stage/vars.tf", "envs/prod/vars.tf"), new ChangedFile("README.md")],
            files);
        Assert.Empty(_logger.Warnings);
    }

    [Fact]
    public async Task A_list_at_githubs_300_file_cap_is_warned_about()
    {
        var many = string.Join(",", Enumerable.Range(0, 300).Select(i => $$"""{"sha":"s{{i}}","filename":"f{{i}}.tf","status":"added"}"""));
        _github.Server.Given(Request.Create().WithPath($"{Repo}/compare/{Before}...{Sha}").UsingGet())
            .RespondWith(Json(200, $$"""{"status":"ahead","ahead_by":1,"behind_by":0,"total_commits":1,"commits":[],"files":[{{many}}] }"""));

        var files = await Reader().ChangedFilesAsync(Infra, Before, Sha);

        Assert.Equal(300, files.Count);
        var warning = Assert.Single(_logger.Warnings);
        Assert.Contains("acme/infra", warning, StringComparison.Ordinal);
        Assert.Contains("not listed", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_of_one_commit_come_from_the_commit_api()
    {
        _github.Server.Given(Request.Create().WithPath($"{Repo}/commits/{Sha}").UsingGet()).RespondWith(Json(200, $$"""
            {"sha":"{{Sha}}","node_id":"C_1","commit":{"message":"move prod","tree":{"sha":"t1"} },"parents":[{"sha":"{{Before}}"}],
             "files":[
               {"sha":"b1","filename":"envs/prod/backend.tf","status":"added","additions":5,"deletions":0,"changes":5},
               {"sha":"b2","filename":"live/net.tf","previous_filename":"envs/net.tf","status":"renamed","additions":0,"deletions":0,"changes":0}
             ]}
            """));

        var files = await Reader().CommitFilesAsync(Infra, Sha);

        Assert.Equal([new ChangedFile("envs/prod/backend.tf"), new ChangedFile("live/net.tf", "envs/net.tf")], files);
        Assert.Equal($"{Repo}/commits/{Sha}", Assert.Single(_github.Requests).RequestMessage!.Path);
    }

    private sealed class RecordingLogger : ILogger<GitHubRepositoryReader>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
