using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Neptune.Benchmarks.Soak;

/// <summary>One check-run call the fake GitHub answered.</summary>
/// <param name="Sequence">Its position among all check-run calls.</param>
/// <param name="Method"><c>POST</c> (create) or <c>PATCH</c> (update).</param>
/// <param name="RunId">The check run's id.</param>
/// <param name="Repo">The repository name.</param>
/// <param name="Name">The check run's name, <c>neptune/deploy: &lt;root&gt;</c>.</param>
/// <param name="HeadSha">The revision (from the run's creation).</param>
/// <param name="ExternalId">The deployment id (from the run's creation).</param>
/// <param name="Status">The status sent, e.g. <c>queued</c> or <c>completed</c>.</param>
/// <param name="Conclusion">The conclusion sent with <c>completed</c>.</param>
/// <param name="Output">The output's title, summary and text, which say why a run failed.</param>
public sealed record SoakCheckRun(long Sequence, string Method, long RunId, string Repo, string? Name, string? HeadSha, string? ExternalId, string? Status, string? Conclusion, string? Output);

/// <summary>
/// A WireMock.Net fake of the GitHub REST calls the gateway makes, answered from the soak's own history
/// (<see cref="SoakRepos"/>) in memory rather than by running git per call, so the fake costs little next to the
/// gateway: contents (<c>neptune.yaml</c> and the two root folders, at any commit of the repository), compare (by
/// position in the linear history), commits, collaborator permissions, and check runs, which it records.
/// </summary>
public sealed partial class SoakGitHub : IDisposable
{
    private const string ApiPath = "/api/v3";
    private readonly SoakRepos _repos;
    private readonly ConcurrentDictionary<long, (string? Sha, string? ExternalId, string? Name)> _runs = new();
    private readonly ConcurrentQueue<SoakCheckRun> _calls = new();
    private long _nextRunId = 5_000_000_000; // above 32 bits, like GitHub's
    private long _sequence;
    private long _otherCalls;
    private int _finalStates;

    /// <summary>Starts the fake on 127.0.0.1 and a free port.</summary>
    public SoakGitHub(SoakRepos repos)
    {
        _repos = repos;
        // A short request log: the soak records what it needs itself, and WireMock keeps every request otherwise.
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"], MaxRequestLogCount = 100 });
        var repoPath = $"^{Regex.Escape(ApiPath)}/repos/{SoakRepos.Owner}/([^/]+)";
        Server.Given(Request.Create().WithPath(new RegexMatcher(repoPath + "/contents/.*$")).UsingGet()).RespondWith(Response.Create().WithCallback(Contents));
        Server.Given(Request.Create().WithPath(new RegexMatcher(repoPath + "/compare/.*$")).UsingGet()).RespondWith(Response.Create().WithCallback(Compare));
        Server.Given(Request.Create().WithPath(new RegexMatcher(repoPath + "/collaborators/[^/]+/permission$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Json(200, """{"permission":"write","role_name":"write","user":{"login":"dana","id":1,"type":"User"}}""")));
        Server.Given(Request.Create().WithPath(new RegexMatcher(repoPath + "/check-runs$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(r => CheckRun(r, Interlocked.Increment(ref _nextRunId))));
        Server.Given(Request.Create().WithPath(new RegexMatcher(repoPath + "/check-runs/\\d+$")).UsingPatch())
            .RespondWith(Response.Create().WithCallback(r => CheckRun(r, long.Parse(r.Path[(r.Path.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>The WireMock server.</summary>
    public WireMockServer Server { get; }

    /// <summary>The REST base URL to configure as <c>Neptune:GitHub:ApiUrl</c>.</summary>
    public string ApiUrl => Server.Urls[0].TrimEnd('/') + ApiPath + "/";

    /// <summary>Every check-run call answered, in order.</summary>
    public IReadOnlyList<SoakCheckRun> CheckRunCalls => [.. _calls.OrderBy(c => c.Sequence)];

    /// <summary>How many check-run calls were answered.</summary>
    public int CheckRunCallCount => _calls.Count;

    /// <summary>Completed check-run states other than <c>action_required</c> (each ends a deployment), so far.</summary>
    public int FinalStates => Volatile.Read(ref _finalStates);

    /// <summary>Calls to anything but check runs (contents, compare, permissions).</summary>
    public long OtherCalls => Interlocked.Read(ref _otherCalls);

    private ResponseMessage CheckRun(IRequestMessage request, long id)
    {
        var body = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        var repo = RepoOf(request.Path);
        string? Text(string name) => body[name]?.GetValue<string>();
        var (sha, externalId, name) = request.Method == "POST"
            ? _runs.GetOrAdd(id, (Text("head_sha"), Text("external_id"), Text("name")))
            : _runs.TryGetValue(id, out var run) ? run : (null, null, null);
        if (Text("status") == "completed" && Text("conclusion") != "action_required")
        {
            Interlocked.Increment(ref _finalStates);
        }

        lock (_calls)
        {
            // Numbered under the lock so the order of the sequence is the order calls were answered in.
            _calls.Enqueue(new SoakCheckRun(
                ++_sequence, request.Method, id, repo, Text("name") ?? name, sha, Text("external_id") ?? externalId, Text("status"), Text("conclusion"),
                body["output"] is JsonObject output ? $"{output["title"]}: {output["summary"]} {output["text"]}" : null));
        }

        var response = new JsonObject
        {
            ["id"] = id,
            ["head_sha"] = sha ?? new string('0', 40),
            ["name"] = Text("name") ?? name ?? "neptune/deploy",
            ["status"] = Text("status") ?? "completed",
            ["external_id"] = Text("external_id") ?? externalId,
        };
        return Json(request.Method == "POST" ? 201 : 200, response.ToJsonString());
    }

    private ResponseMessage Contents(IRequestMessage request)
    {
        Interlocked.Increment(ref _otherCalls);
        var repo = RepoOf(request.Path);
        var path = Uri.UnescapeDataString(request.Path[(request.Path.IndexOf("/contents/", StringComparison.Ordinal) + "/contents/".Length)..]).Trim('/');
        var sha = request.Query?.TryGetValue("ref", out var values) == true ? values.ToString() : null;
        if (sha is null || _repos.IndexOf(repo, sha) < 0)
        {
            return NotFound();
        }

        if (path == "neptune.yaml")
        {
            var bytes = Encoding.UTF8.GetBytes(SoakRepos.Config + "\n");
            var file = Entry(repo, path, "file");
            file["size"] = bytes.Length;
            file["encoding"] = "base64";
            file["content"] = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
            return Json(200, file.ToJsonString());
        }

        if (SoakRepos.Roots.Any(r => path == "envs/" + r))
        {
            return Json(200, new JsonArray(Entry(repo, path + "/.standin.json", "file"), Entry(repo, path + "/main.tf", "file")).ToJsonString());
        }

        return NotFound();
    }

    private ResponseMessage Compare(IRequestMessage request)
    {
        Interlocked.Increment(ref _otherCalls);
        var repo = RepoOf(request.Path);
        var range = Uri.UnescapeDataString(request.Path[(request.Path.IndexOf("/compare/", StringComparison.Ordinal) + "/compare/".Length)..]);
        var parts = range.Split("...");
        var (@base, head) = (_repos.IndexOf(repo, parts[0]), _repos.IndexOf(repo, parts[^1]));
        if (parts.Length != 2 || @base < 0 || head < 0)
        {
            return NotFound();
        }

        // The history is linear: the later commit is ahead of the earlier one.
        var status = head == @base ? "identical" : head > @base ? "ahead" : "behind";
        var mergeBase = _repos.History[repo][Math.Min(@base, head)];
        var url = $"https://github.com/{SoakRepos.Owner}/{repo}/compare/{range}";
        var result = new JsonObject
        {
            ["url"] = $"{ApiUrl}repos/{SoakRepos.Owner}/{repo}/compare/{range}",
            ["html_url"] = url,
            ["permalink_url"] = url,
            ["diff_url"] = url + ".diff",
            ["patch_url"] = url + ".patch",
            ["base_commit"] = Commit(repo, parts[0]),
            ["merge_base_commit"] = Commit(repo, mergeBase),
            ["status"] = status,
            ["ahead_by"] = Math.Max(0, head - @base),
            ["behind_by"] = Math.Max(0, @base - head),
            ["total_commits"] = Math.Max(0, head - @base),
            ["commits"] = new JsonArray(),
            ["files"] = new JsonArray(),
        };
        return Json(200, result.ToJsonString());
    }

    private JsonObject Commit(string repo, string sha) => new()
    {
        ["sha"] = sha,
        ["node_id"] = "C_" + sha[..7],
        ["url"] = $"{ApiUrl}repos/{SoakRepos.Owner}/{repo}/commits/{sha}",
        ["html_url"] = $"https://github.com/{SoakRepos.Owner}/{repo}/commit/{sha}",
        ["commit"] = new JsonObject { ["message"] = "merge", ["url"] = "", ["comment_count"] = 0 },
        ["parents"] = new JsonArray(),
    };

    private JsonObject Entry(string repo, string path, string type) => new()
    {
        ["type"] = type,
        ["name"] = path[(path.LastIndexOf('/') + 1)..],
        ["path"] = path,
        ["sha"] = new string('a', 40),
        ["size"] = 0,
        ["url"] = $"{ApiUrl}repos/{SoakRepos.Owner}/{repo}/contents/{path}",
        ["html_url"] = $"https://github.com/{SoakRepos.Owner}/{repo}/blob/main/{path}",
        ["git_url"] = $"{ApiUrl}repos/{SoakRepos.Owner}/{repo}/git/blobs/{new string('a', 40)}",
        ["download_url"] = null,
    };

    private static string RepoOf(string path) => RepoPattern().Match(path).Groups[1].Value;

    private static ResponseMessage NotFound() => Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");

    private static ResponseMessage Json(int status, string body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json; charset=utf-8");
        return response;
    }

    [GeneratedRegex("/repos/[^/]+/([^/]+)/")]
    private static partial Regex RepoPattern();

    /// <inheritdoc />
    public void Dispose() => Server.Stop();
}
