using System.Net;
using Neptune.Client;
using Neptune.Gateway.Tests.Webhooks;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Gateway.Tests.Telemetry;

/// <summary>One merge through the gateway: a signed push → intake → the in-process host plans and applies with the stand-in.</summary>
internal static class PushFlow
{
    public static readonly DeployTarget Prod = new(new RepoRef("acme", "infra"), "prod");

    private const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
        """;

    /// <summary>Pushes a change to the prod root and waits until its deployment finished; returns the delivery and deployment ids.</summary>
    public static async Task<(string DeliveryId, Guid DeploymentId)> MergeAsync(GitHubGateway gateway, string secret = GitHubGateway.Secret)
    {
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config });
        var after = gateway.Commit(new Dictionary<string, string>
        {
            ["envs/prod/main.tf"] = "resource \"null_resource\" \"x\" {}\n",
            ["envs/prod/.standin.json"] = """{"changes": 1}""",
        });
        var delivery = Guid.NewGuid().ToString();
        var push = await gateway.SendAsync("push", WebhookPayloads.Push(before, after, ["envs/prod/main.tf", "envs/prod/.standin.json"]), delivery, secret);
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        await gateway.IntakeIdleAsync();
        var id = await WebhookEndToEndTests.DeploymentOfAsync(gateway.Neptune, Prod);
        var done = await WebhookEndToEndTests.WaitForAsync(gateway.Neptune, id, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        await WebhookEndToEndTests.WaitForCheckRunAsync(gateway, c => c.ExternalId == id.ToString() && c.Conclusion == "success");
        return (delivery, id);
    }
}
