using System.Text.Json.Nodes;

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>
/// Realistic deliveries built from the GitHub payload examples in Fixtures/ (octokit/webhooks, MIT): each test changes
/// only the repository, refs, shas, files and people it is about.
/// </summary>
public static class WebhookPayloads
{
    public const string Owner = "acme";
    public const string Repo = "infra";
    public const string DefaultBranch = "main";

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures", name + ".json")))!.AsObject();

    /// <summary>A push of <paramref name="files"/> (modified) to <paramref name="branchRef"/>, moving it from before to after.</summary>
    public static JsonObject Push(string before, string after, string[] files, string branchRef = "refs/heads/" + DefaultBranch, string sender = "dana", string message = "Merge pull request #42 from acme/change")
    {
        var push = Load("push");
        push["ref"] = branchRef;
        push["before"] = before;
        push["after"] = after;
        push["created"] = false;
        var commit = push["commits"]![0]!.AsObject();
        commit["id"] = after;
        commit["message"] = message;
        commit["added"] = new JsonArray();
        commit["removed"] = new JsonArray();
        commit["modified"] = new JsonArray([.. files.Select(f => (JsonNode)f)]);
        push["head_commit"] = commit.DeepClone();
        Repository(push);
        Sender(push, sender);
        return push;
    }

    /// <summary>A click on a button of Neptune's check run for <paramref name="root"/>.</summary>
    public static JsonObject RequestedAction(string root, string sha, string? externalId, string identifier, string sender = "dana")
    {
        var e = Load("check_run.requested_action");
        CheckRun(e, root, sha, externalId, DefaultBranch);
        e["requested_action"] = new JsonObject { ["identifier"] = identifier };
        Sender(e, sender);
        return e;
    }

    /// <summary>"Re-run" on Neptune's check run for <paramref name="root"/>.</summary>
    public static JsonObject Rerequested(string root, string sha, string branch = DefaultBranch, string sender = "dana")
    {
        var e = Load("check_run.rerequested");
        CheckRun(e, root, sha, Guid.NewGuid().ToString(), branch);
        Sender(e, sender);
        return e;
    }

    /// <summary>"Re-run all checks" on a commit.</summary>
    public static JsonObject SuiteRerequested(string sha, string branch = DefaultBranch, string action = "rerequested", string sender = "dana")
    {
        var e = Load("check_suite.rerequested");
        e["action"] = action;
        e["check_suite"]!["head_sha"] = sha;
        e["check_suite"]!["head_branch"] = branch;
        Repository(e);
        Sender(e, sender);
        return e;
    }

    public static JsonObject Ping()
    {
        var e = Load("ping");
        Repository(e);
        return e;
    }

    /// <summary>Points the payload's repository at <paramref name="fullName"/> with the test's default branch.</summary>
    public static JsonObject Repository(JsonObject payload, string fullName = Owner + "/" + Repo)
    {
        var repo = payload["repository"]!.AsObject();
        var (owner, name) = (fullName.Split('/')[0], fullName.Split('/')[1]);
        repo["full_name"] = fullName;
        repo["name"] = name;
        repo["owner"]!["login"] = owner;
        repo["default_branch"] = DefaultBranch;
        repo["master_branch"] = DefaultBranch;
        return payload;
    }

    private static void CheckRun(JsonObject e, string root, string sha, string? externalId, string branch)
    {
        var run = e["check_run"]!.AsObject();
        run["name"] = "neptune/deploy: " + root;
        run["head_sha"] = sha;
        run["external_id"] = externalId;
        run["check_suite"]!["head_branch"] = branch;
        run["check_suite"]!["head_sha"] = sha;
        Repository(e);
    }

    private static void Sender(JsonObject e, string login) => e["sender"]!["login"] = login;
}
