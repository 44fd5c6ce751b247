using System.Text;
using System.Text.Json.Nodes;
using Neptune.GitHub.Webhooks;

namespace Neptune.Benchmarks.Soak;

/// <summary>One signed push delivery of the soak.</summary>
/// <param name="Push">What it pushes.</param>
/// <param name="DeliveryId">A fresh <c>X-GitHub-Delivery</c>.</param>
/// <param name="Signature">The <c>X-Hub-Signature-256</c> over <paramref name="Body"/>.</param>
/// <param name="Body">The UTF-8 JSON body.</param>
public sealed record SoakDelivery(SoakPush Push, string DeliveryId, string Signature, byte[] Body);

/// <summary>
/// Push deliveries as GitHub sends them: GitHub's push example (the gateway tests' fixture, octokit/webhooks, MIT) with
/// the repository, refs, commits and changed file of each <see cref="SoakPush"/>, signed with HMAC-SHA256.
/// </summary>
public sealed class SoakPushes(string secret, string fixturePath)
{
    private readonly JsonObject _template = JsonNode.Parse(File.ReadAllText(fixturePath))!.AsObject();

    /// <summary>The signed delivery of <paramref name="push"/>.</summary>
    public SoakDelivery Delivery(SoakPush push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var body = Encoding.UTF8.GetBytes(Payload(push).ToJsonString());
        return new SoakDelivery(push, Guid.NewGuid().ToString(), WebhookSignature.Sign(secret, body), body);
    }

    /// <summary>The push payload of <paramref name="push"/>.</summary>
    public JsonObject Payload(SoakPush push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var payload = _template.DeepClone().AsObject();
        payload["ref"] = "refs/heads/" + SoakRepos.DefaultBranch;
        payload["before"] = push.Before;
        payload["after"] = push.After;
        payload["created"] = false;
        payload["deleted"] = false;
        payload["forced"] = false;
        var commit = payload["commits"]![0]!.AsObject();
        commit["id"] = push.After;
        commit["message"] = $"Merge pull request #{push.Number + 1} from acme/change-{push.Number}";
        commit["added"] = new JsonArray();
        commit["removed"] = new JsonArray();
        commit["modified"] = new JsonArray($"envs/{push.Root}/main.tf");
        payload["head_commit"] = commit.DeepClone();
        var repo = payload["repository"]!.AsObject();
        repo["full_name"] = SoakRepos.Owner + "/" + push.Repo;
        repo["name"] = push.Repo;
        repo["owner"]!["login"] = SoakRepos.Owner;
        repo["default_branch"] = SoakRepos.DefaultBranch;
        repo["master_branch"] = SoakRepos.DefaultBranch;
        payload["sender"]!["login"] = "dana";
        return payload;
    }
}
