using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Neptune.Client;
using Neptune.Gateway.Tests.Webhooks;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Gateway.Tests.Faults;

/// <summary>
/// GitHub stops answering for two minutes (every call 503, or every connection refused) while a deployment runs and a
/// push arrives: the gateway on the in-process host keeps deploying, logs each failed call by name, loses neither the
/// push nor a check-run update, and catches up once GitHub is back. Time is fake (GitHub's retry waits, the outbox's
/// and the intake's backoff), so two minutes of outage take about two seconds.
/// </summary>
public sealed class GitHubOutageTests
{
    private const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
        """;

    private static readonly DeployTarget Prod = new(new RepoRef("acme", "infra"), "prod");
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);

    [Fact]
    public Task Two_minutes_of_503_from_every_GitHub_call_lose_no_push_and_no_check_run_update() =>
        OutageAsync(g => g.GitHub.StartOutage(503), g => g.GitHub.EndOutage(), "(503 ServiceUnavailable: Service Unavailable)");

    [Fact]
    public Task Two_minutes_of_refused_connections_to_GitHub_lose_no_push_and_no_check_run_update() =>
        OutageAsync(g => g.GitHub.GoOffline(), g => g.GitHub.ComeBack(), "(HttpRequestException: Connection refused");

    private static async Task OutageAsync(Action<GitHubGateway> goDown, Action<GitHubGateway> comeBack, string failure)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GitHubGateway(b =>
        {
            // GitHub's own defaults: time is fake, so the real backoff costs nothing.
            b.UseSetting("Neptune:GitHub:RetryBaseDelay", "00:00:01");
            b.UseSetting("Neptune:GitHub:RetryMaxDelay", "00:01:00");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time));
        });
        var before = gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config });
        var s1 = gateway.Commit(Root("first", """{"changes": 1}"""));
        var first = await PushAsync(gateway, before, s1);
        Assert.Equal(RunOutcome.Succeeded, (await WebhookEndToEndTests.WaitForAsync(gateway.Neptune, first, DeploymentStage.Finished)).Result?.Outcome);
        await WebhookEndToEndTests.WaitForCheckRunAsync(gateway, c => c.ExternalId == first.ToString() && c.Conclusion == "success");

        // A deployment is planning when GitHub goes away; a push arrives during the outage.
        var s2 = gateway.Commit(Root("second", """{"changes": 1, "sleep": 1}"""));
        var second = await PushAsync(gateway, s1, s2);
        await WebhookEndToEndTests.WaitForAsync(gateway.Neptune, second, DeploymentStage.Planning);
        goDown(gateway);
        var down = time.GetUtcNow();
        var s3 = gateway.Commit(Root("third", """{"changes": 1}"""));
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", WebhookPayloads.Push(s2, s3, ["envs/prod/main.tf"]))).StatusCode);

        // Two minutes on Neptune's clock, and at least until the running deployment has finished (it needs nothing
        // from GitHub) and both the push and a check-run update have given up once on GitHub's own retries.
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), async () => time.GetUtcNow() - down >= Outage
            && (await gateway.Neptune.GetDeploymentAsync(second)).Stage == DeploymentStage.Finished
            && gateway.Logs.Lines.Any(l => l.Contains("waits for GitHub, which is unavailable", StringComparison.Ordinal))
            && gateway.Logs.Lines.Any(l => l.Contains("OutboxDelivery: Delivering CheckRun #", StringComparison.Ordinal)));

        Assert.Equal(RunOutcome.Succeeded, (await gateway.Neptune.GetDeploymentAsync(second)).Result?.Outcome);
        Assert.DoesNotContain(gateway.GitHub.CheckRunCalls, c => c.ExternalId == second.ToString() && c.Status == "completed"); // GitHub has not heard yet
        var target = await gateway.Neptune.GetTargetAsync(Prod);
        Assert.True(target.Current is null && target.Merge.Count == 0, "The push made during the outage was requested before GitHub answered.");

        // While it lasted, every failing call was named with its failure.
        var warnings = gateway.Logs.Lines.Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, l => l.StartsWith("Warning: Neptune.GitHub.Api.GitHubRetry: GitHub call 'get contents", StringComparison.Ordinal) && l.Contains("failed on attempt 1 of 5 " + failure, StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.StartsWith("Warning: Neptune.GitHub.Api.GitHubRetry: GitHub call 'update check run", StringComparison.Ordinal) && l.Contains(failure, StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.StartsWith("Warning: Neptune.GitHub.Webhooks.IntakeWorker: Delivery ", StringComparison.Ordinal) && l.Contains($"(push acme/infra@{s3[..7]}) waits for GitHub, which is unavailable (try 1: ", StringComparison.Ordinal));
        Assert.Contains(warnings, l => l.StartsWith("Warning: Neptune.Hosting.InProcess.Coordination.OutboxDelivery: Delivering CheckRun #", StringComparison.Ordinal) && l.Contains("of acme/infra||prod failed (attempt 1); retrying in 00:00:01.", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal) || l.StartsWith("Critical: ", StringComparison.Ordinal));

        // GitHub is back: the push is taken in, deploys, and every check run reaches its final state.
        comeBack(gateway);
        Guid third = default;
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(5), async () =>
        {
            var status = await gateway.Neptune.GetTargetAsync(Prod);
            third = status.Current?.Deployment.Id ?? status.Merge.FirstOrDefault()?.Deployment.Id ?? third;
            return third != default
                && (await gateway.Neptune.GetDeploymentAsync(third)).Stage == DeploymentStage.Finished
                && new[] { second, third }.All(id => gateway.GitHub.CheckRunCalls.Any(c => c.ExternalId == id.ToString() && c.Status == "completed"));
        });

        var done = await gateway.Neptune.GetDeploymentAsync(third);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        Assert.Equal(s3, done.Deployment.Revision);
        foreach (var id in new[] { first, second, third })
        {
            var calls = gateway.GitHub.CheckRunCalls.Where(c => c.ExternalId == id.ToString()).ToList();
            WebhookEndToEndTests.Describe(calls); // each run created once, never changed after it completed
            Assert.Equal("completed/success", calls[^1].Status + "/" + calls[^1].Conclusion);
        }

        Assert.Contains(gateway.Logs.Lines, l => l.Contains($"(push acme/infra@{s3[..7]}): 1 revision(s) requested; delivered", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Root(string name, string standin) => new()
    {
        ["envs/prod/main.tf"] = $"resource \"null_resource\" \"{name}\" {{}}\n",
        ["envs/prod/.standin.json"] = standin,
    };

    private static async Task<Guid> PushAsync(GitHubGateway gateway, string before, string after)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await gateway.SendAsync("push", WebhookPayloads.Push(before, after, ["envs/prod/main.tf"]))).StatusCode);
        await gateway.IntakeIdleAsync();
        var status = await gateway.Neptune.GetTargetAsync(Prod);
        return status.Current?.Deployment.Id ?? Assert.Single(status.Merge).Deployment.Id;
    }

    /// <summary>Moves Neptune's clock by <paramref name="step"/> every few milliseconds until <paramref name="done"/> (30 s of real time at most).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not done after {time.GetUtcNow()} on Neptune's clock.");
            time.Advance(step);
            await Task.Delay(10);
        }
    }
}
