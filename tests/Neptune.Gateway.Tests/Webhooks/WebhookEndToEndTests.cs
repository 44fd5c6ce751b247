using System.Net;
using Neptune.Client;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>
/// Signed webhook deliveries over HTTP → the gateway's intake → the in-process host (real git, terraform stand-in) →
/// check-run calls recorded by the fake GitHub, in order.
/// </summary>
public sealed class WebhookEndToEndTests
{
    private const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
            tags: { environment: production }
          - name: staging
            dir: envs/staging
        """;

    private static readonly DeployTarget Prod = new(new RepoRef("acme", "infra"), "prod");

    private static Dictionary<string, string> Root(string dir, string standin = """{"changes": 2}""") => new()
    {
        [$"{dir}/main.tf"] = "resource \"null_resource\" \"x\" {}\n",
        [$"{dir}/.standin.json"] = standin,
    };

    [Fact]
    public async Task Push_plans_waits_for_Confirm_on_the_check_run_then_applies()
    {
        await using var gateway = new GitHubGateway();
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config, ["README.md"] = "infra" });
        var after = gateway.Commit(Root("envs/prod"));

        var push = await gateway.SendAsync("push", WebhookPayloads.Push(before, after, ["envs/prod/main.tf", "envs/prod/.standin.json"]));
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        await gateway.IntakeIdleAsync();

        var id = await DeploymentOfAsync(gateway.Neptune, Prod);
        await WaitForAsync(gateway.Neptune, id, DeploymentStage.AwaitingReview);
        Assert.DoesNotContain(await gateway.Neptune.GetTargetsAsync(), t => t.Target.Root == "staging"); // not modified
        await WaitForCheckRunAsync(gateway, c => c.Conclusion == "action_required");

        var confirm = await gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", after, id.ToString(), "Confirm"));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var done = await WaitForAsync(gateway.Neptune, id, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        Assert.Equal(Trigger.Merge, done.Deployment.Request.Trigger);
        Assert.Equal(42, done.Deployment.Request.PullNumber);
        Assert.Equal("production", done.Deployment.Request.Tags["environment"]);
        await WaitForCheckRunAsync(gateway, c => c.Conclusion == "success");

        var calls = gateway.GitHub.CheckRunCalls.Where(c => c.Body["name"]?.GetValue<string>() is null or "neptune/deploy: prod").ToList();
        Assert.All(calls, c => Assert.Equal(id.ToString(), c.ExternalId ?? id.ToString()));
        Assert.Equal(
            ["POST #1 queued", "PATCH #1 in_progress", "PATCH #1 completed/action_required", "POST #2 in_progress", "PATCH #2 completed/success"],
            Describe(calls));
    }

    internal static List<string> Describe(IReadOnlyList<CheckRunCall> calls)
    {
        var ordinals = calls.Select(c => c.RunId).Distinct().Select((id, i) => (id, i + 1)).ToDictionary(p => p.id, p => p.Item2);
        return [.. calls.Select(c => c.Describe(ordinals))];
    }

    /// <summary>The one deployment of a target (current or queued).</summary>
    internal static async Task<Guid> DeploymentOfAsync(INeptuneClient neptune, DeployTarget target)
    {
        var status = await neptune.GetTargetAsync(target);
        var all = status.Manual.Concat(status.Merge).Select(d => d.Deployment.Id).Concat(status.Current is { } c ? [c.Deployment.Id] : []).Distinct().ToList();
        return Assert.Single(all);
    }

    internal static async Task<DeploymentStatus> WaitForAsync(INeptuneClient neptune, Guid id, DeploymentStage stage)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        DeploymentStatus status;
        while ((status = await neptune.GetDeploymentAsync(id)).Stage != stage)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Deployment {id} never reached {stage}; it is {status.Stage}.");
            await Task.Delay(20);
        }

        return status;
    }

    internal static async Task WaitForCheckRunAsync(GitHubGateway gateway, Func<CheckRunCall, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!gateway.GitHub.CheckRunCalls.Any(until))
        {
            Assert.True(DateTime.UtcNow < deadline, "The awaited check-run call never came: " + string.Join(", ", gateway.GitHub.CheckRunCalls.Select(c => c.Status + "/" + c.Conclusion)));
            await Task.Delay(20);
        }
    }
}
