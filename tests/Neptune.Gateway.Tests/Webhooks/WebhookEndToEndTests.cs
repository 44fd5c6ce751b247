using System.Net;
using Microsoft.AspNetCore.Hosting;
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
    public async Task Merge_ahead_of_the_deployed_revision_plans_and_applies_without_review()
    {
        await using var gateway = new GitHubGateway();
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config, ["README.md"] = "infra" });
        var after = gateway.Commit(Root("envs/prod"));

        var push = await gateway.SendAsync("push", WebhookPayloads.Push(before, after, ["envs/prod/main.tf", "envs/prod/.standin.json"]));
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        await gateway.IntakeIdleAsync();

        var id = await DeploymentOfAsync(gateway.Neptune, Prod);
        Assert.DoesNotContain(await gateway.Neptune.GetTargetsAsync(), t => t.Target.Root == "staging"); // not modified
        var done = await WaitForAsync(gateway.Neptune, id, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        Assert.Equal(2, done.Run?.PlanReading?.Summary?.Creations); // it had changes: spec §4.4, a merge that is ahead is approved automatically
        Assert.Equal(Trigger.Merge, done.Deployment.Request.Trigger);
        Assert.Equal(42, done.Deployment.Request.PullNumber);
        Assert.Equal("production", done.Deployment.Request.Tags["environment"]);
        await WaitForCheckRunAsync(gateway, c => c.Conclusion == "success");

        var calls = gateway.GitHub.CheckRunCalls.Where(c => c.Body["name"]?.GetValue<string>() is null or "neptune/deploy: prod").ToList();
        Assert.All(calls, c => Assert.Equal(id.ToString(), c.ExternalId ?? id.ToString()));
        Assert.Equal(["POST #1 in_progress", "PATCH #1 completed/success"], Describe(calls));
    }

    [Fact]
    public async Task Force_push_that_diverges_from_the_deployed_revision_waits_for_Confirm_on_the_check_run_then_applies()
    {
        await using var gateway = new GitHubGateway();
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config, ["README.md"] = "infra" });
        var deployed = gateway.Commit(Root("envs/prod", """{"changes": 0}"""));
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", WebhookPayloads.Push(before, deployed, ["envs/prod/main.tf"]))).StatusCode);
        await gateway.IntakeIdleAsync();
        var first = await DeploymentOfAsync(gateway.Neptune, Prod);
        Assert.Equal(RunOutcome.Succeeded, (await WaitForAsync(gateway.Neptune, first, DeploymentStage.Finished)).Result?.Outcome);

        // Someone rewrites main: the new head does not contain the deployed commit.
        gateway.Git("reset", "-q", "--hard", before);
        var rewritten = gateway.Commit(new Dictionary<string, string>(Root("envs/prod")) { ["envs/prod/main.tf"] = "resource \"null_resource\" \"z\" {}\n" });
        var forced = WebhookPayloads.Push(deployed, rewritten, ["envs/prod/main.tf", "envs/prod/.standin.json"]);
        forced["forced"] = true;
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", forced)).StatusCode);
        await gateway.IntakeIdleAsync();
        var id = (await gateway.Neptune.GetTargetAsync(Prod)).Current?.Deployment.Id ?? Assert.Single((await gateway.Neptune.GetTargetAsync(Prod)).Merge).Deployment.Id;

        var waiting = await WaitForAsync(gateway.Neptune, id, DeploymentStage.AwaitingReview);
        Assert.Contains(deployed[..7], waiting.Run?.Approval.Reason ?? "", StringComparison.Ordinal); // names the deployed revision
        await WaitForCheckRunAsync(gateway, c => c.ExternalId == id.ToString() && c.Conclusion == "action_required");

        var confirm = await gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", rewritten, id.ToString(), "Confirm"));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var done = await WaitForAsync(gateway.Neptune, id, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        Assert.Equal("dana", done.Run?.ReviewedBy);
        await WaitForCheckRunAsync(gateway, c => c.ExternalId == id.ToString() && c.Conclusion == "success");

        Assert.Equal(
            ["POST #1 in_progress", "PATCH #1 completed/action_required", "POST #2 in_progress", "PATCH #2 completed/success"],
            Describe([.. gateway.GitHub.CheckRunCalls.Where(c => c.ExternalId == id.ToString())]));
    }

    [Fact]
    public async Task Merge_held_by_a_manual_deploy_shows_Unlock_and_deploys_after_Unlock_is_pressed()
    {
        await using var gateway = new GitHubGateway(b => b.UseSetting("Neptune:Gateway:AdminToken", "admin"));
        var s1 = gateway.Commit(new Dictionary<string, string>(Root("envs/prod")) { ["neptune.yaml"] = Config });
        gateway.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "admin");
        var deploy = await gateway.Http.PostAsync("/api/deploy", System.Net.Http.Json.JsonContent.Create(new { target = Prod.Id, revision = s1, user = "dana", rootDir = "envs/prod" }));
        Assert.Equal(HttpStatusCode.OK, deploy.StatusCode);
        var manual = await DeploymentOfAsync(gateway.Neptune, Prod);
        await WaitForAsync(gateway.Neptune, manual, DeploymentStage.AwaitingReview); // manual deploys are always reviewed

        var s2 = gateway.Commit(new Dictionary<string, string> { ["envs/prod/main.tf"] = "resource \"null_resource\" \"y\" {}\n" });
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", WebhookPayloads.Push(s1, s2, ["envs/prod/main.tf"]))).StatusCode);
        await gateway.IntakeIdleAsync();
        var merge = Assert.Single((await gateway.Neptune.GetTargetAsync(Prod)).Merge).Deployment.Id;
        Assert.Equal(DeploymentStage.Locked, (await gateway.Neptune.GetDeploymentAsync(merge)).Stage);
        await WaitForCheckRunAsync(gateway, c => c.ExternalId == merge.ToString() && c.Conclusion == "action_required");

        var unlock = await gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", s2, merge.ToString(), "Unlock"));
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", s1, manual.ToString(), "Confirm"))).StatusCode);
        Assert.Equal(RunOutcome.Succeeded, (await WaitForAsync(gateway.Neptune, manual, DeploymentStage.Finished)).Result?.Outcome);

        // Unlocked, the merge runs; it is ahead of the manual deploy, so it applies without review.
        Assert.Equal(RunOutcome.Succeeded, (await WaitForAsync(gateway.Neptune, merge, DeploymentStage.Finished)).Result?.Outcome);
        await WaitForCheckRunAsync(gateway, c => c.ExternalId == merge.ToString() && c.Conclusion == "success");

        Assert.Equal(
            ["POST #1 completed/action_required", "POST #2 in_progress", "PATCH #2 completed/success"],
            Describe([.. gateway.GitHub.CheckRunCalls.Where(c => c.ExternalId == merge.ToString())]));
    }

    [Fact]
    public async Task Replayed_push_is_acted_on_once_and_rerun_all_checks_redeploys_the_commit()
    {
        await using var gateway = new GitHubGateway();
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config });
        var after = gateway.Commit(Root("envs/prod", """{"changes": 0}"""));
        var push = WebhookPayloads.Push(before, after, ["envs/prod/main.tf"]);
        var delivery = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", push, delivery)).StatusCode);
        var replay = await gateway.SendAsync("push", push, delivery);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("handled already", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await gateway.IntakeIdleAsync();
        var first = await DeploymentOfAsync(gateway.Neptune, Prod); // exactly one
        Assert.Equal(RunOutcome.Succeeded, (await WaitForAsync(gateway.Neptune, first, DeploymentStage.Finished)).Result?.Outcome); // no changes: no review

        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("check_suite", WebhookPayloads.SuiteRerequested(after))).StatusCode);
        await gateway.IntakeIdleAsync();
        var rerun = await DeploymentOfAsync(gateway.Neptune, Prod);
        Assert.NotEqual(first, rerun);
        var done = await WaitForAsync(gateway.Neptune, rerun, DeploymentStage.Finished);
        Assert.True(done.Deployment.Request.Rerun);
        Assert.Equal(Trigger.Manual, done.Deployment.Request.Trigger);
        Assert.Equal(after, done.Deployment.Revision);
        Assert.Equal("envs/prod", done.Deployment.Request.RootDir);
    }

    [Fact]
    public async Task Check_run_calls_failing_with_500_and_429_are_retried_until_the_run_reaches_its_final_state()
    {
        await using var gateway = new GitHubGateway();
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config });
        var after = gateway.Commit(Root("envs/prod", """{"changes": 0}"""));
        gateway.GitHub.FailCheckRunCalls(2, 500);

        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", WebhookPayloads.Push(before, after, ["envs/prod/main.tf"]))).StatusCode);
        await gateway.IntakeIdleAsync();
        var id = await DeploymentOfAsync(gateway.Neptune, Prod);
        await WaitForCheckRunAsync(gateway, c => c.Status == "in_progress");
        gateway.GitHub.FailCheckRunCalls(1, 429);
        await WaitForAsync(gateway.Neptune, id, DeploymentStage.Finished);
        await WaitForCheckRunAsync(gateway, c => c.Conclusion == "success");

        Assert.True(gateway.GitHub.RequestsTo("/check-runs") >= gateway.GitHub.CheckRunCalls.Count + 2, "The faults were never hit.");
        Assert.Equal("completed/success", gateway.GitHub.CheckRunCalls[^1].Status + "/" + gateway.GitHub.CheckRunCalls[^1].Conclusion);
        Assert.Equal(1, gateway.GitHub.CheckRunCalls.Count(c => c.Method == "POST")); // the retried create made one run, not two
    }

    /// <summary>
    /// The calls as <c>POST #1 in_progress</c>, <c>PATCH #1 completed/success</c>…, after checking the rules of spec §6
    /// on the raw calls: each run is created once, by its first call, and nothing touches it after it completed.
    /// The host delivers only the newest view of a run when several wait (OutboxDelivery coalesces them), so how
    /// many open updates a run gets, and whether a run that starts at once is first shown queued, depend on timing:
    /// consecutive open (queued/in_progress) calls on one run are described as one, with the first call's method and
    /// the last call's status. Completed states and new runs are never merged.
    /// </summary>
    internal static List<string> Describe(IReadOnlyList<CheckRunCall> calls)
    {
        var ordinals = calls.Select(c => c.RunId).Distinct().Select((id, i) => (id, i + 1)).ToDictionary(p => p.id, p => p.Item2);
        foreach (var run in calls.GroupBy(c => c.RunId))
        {
            var list = run.ToList();
            Assert.True(list[0].Method == "POST", $"Run #{ordinals[run.Key]} was not created by its first call.");
            Assert.DoesNotContain(list.Skip(1), c => c.Method == "POST");
            var completed = list.FindIndex(c => c.Status == "completed");
            Assert.True(completed < 0 || completed == list.Count - 1, $"Run #{ordinals[run.Key]} was changed after it completed.");
        }

        var described = new List<string>();
        CheckRunCall? open = null;
        string? openMethod = null;
        foreach (var call in calls)
        {
            if (open is not null && open.RunId == call.RunId && call.Status != "completed")
            {
                described[^1] = new CheckRunCall(openMethod!, call.RunId, call.Body).Describe(ordinals);
                open = call;
                continue;
            }

            described.Add(call.Describe(ordinals));
            (open, openMethod) = call.Status == "completed" ? (null, null) : (call, call.Method);
        }

        return described;
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
            Assert.True(DateTime.UtcNow < deadline, $"Deployment {id} never reached {stage}; it is {status.Stage} ({status.Result}, plan {status.Run?.Plan}, reading {status.Run?.PlanReading}, review {status.Run?.Review} {status.Run?.ReviewReason}).");
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
