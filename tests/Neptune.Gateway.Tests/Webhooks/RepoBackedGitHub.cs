using System.Diagnostics;
using System.Text;
using System.Text.Json;
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

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>
/// A WireMock.Net fake of the GitHub REST endpoints Neptune calls, on 127.0.0.1. Contents, compare and commit files are
/// answered from a real local git repository, so what "GitHub" says always matches what the workers fetch; check-run
/// calls are recorded; permissions come from a table. Faults can be injected on check-run calls.
/// </summary>
public sealed partial class RepoBackedGitHub : IDisposable
{
    public const string ApiPath = "/api/v3";
    private long _nextRunId = 5_000_000_000; // above 32 bits, like GitHub's
    private int _faultsLeft;
    private int _faultStatus;
    private int _outageStatus;
    private int _refused;

    public RepoBackedGitHub(string repoDir, string owner = "acme", string name = "infra")
    {
        RepoDir = repoDir;
        Owner = owner;
        Name = name;
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        Port = Server.Ports[0];
        Map(Server);
    }

    private void Map(WireMockServer server)
    {
        var repoPath = $"{ApiPath}/repos/{Owner}/{Name}";
        server.Given(Request.Create().WithPath(new RegexMatcher($"^{Regex.Escape(repoPath)}/contents/.*$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Guard(Contents)));
        server.Given(Request.Create().WithPath(new RegexMatcher($"^{Regex.Escape(repoPath)}/compare/.*$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Guard(Compare)));
        server.Given(Request.Create().WithPath(new RegexMatcher($"^{Regex.Escape(repoPath)}/commits/[0-9a-f]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Guard(Commit)));
        server.Given(Request.Create().WithPath(new RegexMatcher($"^{Regex.Escape(repoPath)}/collaborators/[^/]+/permission$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Guard(Permission)));
        server.Given(Request.Create().WithPath($"{repoPath}/check-runs").UsingPost())
            .RespondWith(Response.Create().WithCallback(Guard(r => CheckRun(r, Interlocked.Increment(ref _nextRunId)))));
        server.Given(Request.Create().WithPath(new RegexMatcher($"^{Regex.Escape(repoPath)}/check-runs/\\d+$")).UsingPatch())
            .RespondWith(Response.Create().WithCallback(Guard(r => CheckRun(r, long.Parse(r.Path[(r.Path.LastIndexOf('/') + 1)..])))));
    }

    /// <summary>While an outage is on, every call is answered with its status instead.</summary>
    private Func<IRequestMessage, ResponseMessage> Guard(Func<IRequestMessage, ResponseMessage> answer) => request =>
    {
        var status = Volatile.Read(ref _outageStatus);
        if (status == 0)
        {
            return answer(request);
        }

        Interlocked.Increment(ref _refused);
        return Json(status, """{"message":"Service Unavailable"}""");
    };

    /// <summary>From now on every call is answered with <paramref name="status"/> (a 5xx), until <see cref="EndOutage"/>.</summary>
    public void StartOutage(int status) => Volatile.Write(ref _outageStatus, status);

    public void EndOutage() => Volatile.Write(ref _outageStatus, 0);

    /// <summary>How many calls the outage answered.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Stops the server: connections to its port are refused until <see cref="ComeBack"/>.</summary>
    public void GoOffline() => Server.Stop();

    /// <summary>Starts the server again on the same port, answering as before.</summary>
    public void ComeBack()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Port}"] });
        Map(Server);
    }

    public int Port { get; }

    public WireMockServer Server { get; private set; }

    public string RepoDir { get; }

    public string Owner { get; }

    public string Name { get; }

    public string ApiUrl => $"http://127.0.0.1:{Port}{ApiPath}/";

    /// <summary>Role name per login, as GitHub's collaborator permission API reports it; others are not collaborators (404).</summary>
    public Dictionary<string, string> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes the next <paramref name="count"/> check-run calls fail with <paramref name="status"/>.</summary>
    public void FailCheckRunCalls(int count, int status)
    {
        _faultStatus = status;
        Volatile.Write(ref _faultsLeft, count);
    }

    /// <summary>Every check-run call answered (faults excluded), in order: method, run id (PATCH) and body.</summary>
    public IReadOnlyList<CheckRunCall> CheckRunCalls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Every request GitHub received on a path.</summary>
    public int RequestsTo(string pathPart) => Server.LogEntries.Count(e => e.RequestMessage!.Path.Contains(pathPart, StringComparison.Ordinal));

    private readonly List<CheckRunCall> _calls = [];

    private ResponseMessage CheckRun(IRequestMessage request, long id)
    {
        if (Interlocked.Decrement(ref _faultsLeft) >= 0)
        {
            return Json(_faultStatus, _faultStatus == 429 ? """{"message":"API rate limit exceeded"}""" : """{"message":"Server Error"}""", retryAfter: _faultStatus == 429);
        }

        var body = JsonNode.Parse(request.Body ?? "{}")!.AsObject();
        lock (_calls)
        {
            _calls.Add(new CheckRunCall(request.Method, id, body));
        }

        var response = new JsonObject
        {
            ["id"] = id,
            ["head_sha"] = body["head_sha"]?.GetValue<string>() ?? new string('0', 40),
            ["name"] = body["name"]?.GetValue<string>() ?? "neptune/deploy",
            ["status"] = body["status"]?.GetValue<string>() ?? "completed",
            ["external_id"] = body["external_id"]?.GetValue<string>(),
        };
        return Json(request.Method == "POST" ? 201 : 200, response.ToJsonString());
    }

    private ResponseMessage Contents(IRequestMessage request)
    {
        var path = Uri.UnescapeDataString(request.Path[(request.Path.IndexOf("/contents/", StringComparison.Ordinal) + "/contents/".Length)..]).Trim('/');
        var sha = request.Query?.TryGetValue("ref", out var values) == true ? values.ToString() : "HEAD";
        var kind = TryGit("cat-file", "-t", $"{sha}:{path}")?.Trim();
        switch (kind)
        {
            case "blob":
                var bytes = GitBytes("cat-file", "blob", $"{sha}:{path}");
                return Json(200, FileJson(path, bytes).ToJsonString());
            case "tree":
                var entries = new JsonArray();
                foreach (var line in Git("ls-tree", $"{sha}:{path}").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var tab = line.Split('\t');
                    var type = tab[0].Split(' ')[1] == "tree" ? "dir" : "file";
                    var entryPath = path + "/" + tab[1];
                    entries.Add(Entry(entryPath, type));
                }

                return Json(200, entries.ToJsonString());
            default:
                return Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/contents#get-repository-content"}""");
        }
    }

    private JsonObject Entry(string path, string type) => new()
    {
        ["type"] = type,
        ["name"] = path[(path.LastIndexOf('/') + 1)..],
        ["path"] = path,
        ["sha"] = new string('a', 40),
        ["size"] = 0,
        ["url"] = $"{ApiUrl}repos/{Owner}/{Name}/contents/{path}",
        ["html_url"] = $"https://github.com/{Owner}/{Name}/blob/main/{path}",
        ["git_url"] = $"{ApiUrl}repos/{Owner}/{Name}/git/blobs/{new string('a', 40)}",
        ["download_url"] = null,
    };

    private JsonObject FileJson(string path, byte[] bytes)
    {
        var file = Entry(path, "file");
        file["size"] = bytes.Length;
        file["encoding"] = "base64";
        file["content"] = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
        return file;
    }

    private ResponseMessage Compare(IRequestMessage request)
    {
        var range = Uri.UnescapeDataString(request.Path[(request.Path.IndexOf("/compare/", StringComparison.Ordinal) + "/compare/".Length)..]);
        var parts = range.Split("...");
        var (@base, head) = (parts[0], parts[1]);
        if (TryGit("cat-file", "-t", @base)?.Trim() != "commit" || TryGit("cat-file", "-t", head)?.Trim() != "commit")
        {
            return Json(404, """{"message":"Not Found"}""");
        }

        var ahead = int.Parse(Git("rev-list", "--count", $"{@base}..{head}").Trim());
        var behind = int.Parse(Git("rev-list", "--count", $"{head}..{@base}").Trim());
        var status = (ahead, behind) switch
        {
            (0, 0) => "identical",
            (_, 0) => "ahead",
            (0, _) => "behind",
            _ => "diverged",
        };
        var mergeBase = Git("merge-base", @base, head).Trim();
        var result = new JsonObject
        {
            ["url"] = $"{ApiUrl}repos/{Owner}/{Name}/compare/{range}",
            ["html_url"] = $"https://github.com/{Owner}/{Name}/compare/{range}",
            ["permalink_url"] = $"https://github.com/{Owner}/{Name}/compare/{range}",
            ["diff_url"] = $"https://github.com/{Owner}/{Name}/compare/{range}.diff",
            ["patch_url"] = $"https://github.com/{Owner}/{Name}/compare/{range}.patch",
            ["base_commit"] = CommitJson(@base),
            ["merge_base_commit"] = CommitJson(mergeBase),
            ["status"] = status,
            ["ahead_by"] = ahead,
            ["behind_by"] = behind,
            ["total_commits"] = ahead,
            ["commits"] = new JsonArray(),
            ["files"] = FilesJson(Git("diff", "--name-status", "-M", mergeBase, head)),
        };
        return Json(200, result.ToJsonString());
    }

    private ResponseMessage Commit(IRequestMessage request)
    {
        var sha = request.Path[(request.Path.LastIndexOf('/') + 1)..];
        if (TryGit("cat-file", "-t", sha)?.Trim() != "commit")
        {
            return Json(422, """{"message":"No commit found for SHA"}""");
        }

        var commit = CommitJson(sha);
        commit["files"] = FilesJson(Git("diff-tree", "--root", "-r", "-M", "--no-commit-id", "--name-status", sha));
        return Json(200, commit.ToJsonString());
    }

    private JsonObject CommitJson(string sha) => new()
    {
        ["sha"] = sha,
        ["node_id"] = "C_" + sha[..7],
        ["url"] = $"{ApiUrl}repos/{Owner}/{Name}/commits/{sha}",
        ["html_url"] = $"https://github.com/{Owner}/{Name}/commit/{sha}",
        ["commit"] = new JsonObject { ["message"] = Git("log", "-1", "--format=%s", sha).Trim(), ["url"] = "", ["comment_count"] = 0 },
        ["parents"] = new JsonArray(),
    };

    private static JsonArray FilesJson(string nameStatus)
    {
        var files = new JsonArray();
        foreach (var line in nameStatus.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cols = line.Split('\t');
            var file = new JsonObject { ["sha"] = new string('b', 40), ["additions"] = 1, ["deletions"] = 0, ["changes"] = 1 };
            if (cols[0].StartsWith('R'))
            {
                file["status"] = "renamed";
                file["previous_filename"] = cols[1];
                file["filename"] = cols[2];
            }
            else
            {
                file["status"] = cols[0] switch { "A" => "added", "D" => "removed", _ => "modified" };
                file["filename"] = cols[1];
            }

            files.Add(file);
        }

        return files;
    }

    private ResponseMessage Permission(IRequestMessage request)
    {
        var login = request.Path.Split('/')[^2];
        if (!Roles.TryGetValue(login, out var role))
        {
            return Json(404, """{"message":"Not Found"}""");
        }

        var permission = role switch { "maintain" => "write", "triage" => "read", _ => role };
        return Json(200, $$$"""{"permission":"{{{permission}}}","role_name":"{{{role}}}","user":{"login":"{{{login}}}","id":1,"type":"User"}}""");
    }

    private static ResponseMessage Json(int status, string body, bool retryAfter = false)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json; charset=utf-8");
        if (retryAfter)
        {
            response.AddHeader("Retry-After", "1");
        }

        return response;
    }

    private string Git(params string[] args) => Encoding.UTF8.GetString(GitBytes(args));

    private string? TryGit(params string[] args)
    {
        try
        {
            return Git(args);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private byte[] GitBytes(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepoDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        return p.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error.Result}");
    }

    public void Dispose() => Server.Stop();
}

/// <summary>One check-run call GitHub answered.</summary>
public sealed record CheckRunCall(string Method, long RunId, JsonObject Body)
{
    public string Status => Body["status"]?.GetValue<string>() ?? "";

    public string? Conclusion => Body["conclusion"]?.GetValue<string>();

    public string? ExternalId => Body["external_id"]?.GetValue<string>();

    /// <summary>e.g. <c>POST #1 queued</c>, <c>PATCH #1 completed/action_required</c>.</summary>
    public string Describe(IReadOnlyDictionary<long, int> ordinals) =>
        $"{Method} #{ordinals[RunId]} {Status}{(Conclusion is null ? "" : "/" + Conclusion)}";
}
