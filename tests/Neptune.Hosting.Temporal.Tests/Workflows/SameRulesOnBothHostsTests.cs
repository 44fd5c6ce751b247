using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.CheckRuns;
using Neptune.Client;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.Temporal.Tests.Support;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Terraform;
using Temporalio.Worker;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>
/// One scenario table, two hosts: each row runs on the in-process host (real coordinator, stand-in terraform) and through
/// the Temporal deploy workflow (replayed from its recorded history), and both must publish the same check runs in the
/// same order. Both only drive Core's deciders, so a rule lives in one place; a rule copied into either host would
/// make them drift and fail here.
/// </summary>
public sealed class SameRulesOnBothHostsTests
{
    public sealed record Scenario(string Name, string History, Trigger? Latest, CompareDirection Direction, bool Unlock, RunOutcomeExpectation Expect)
    {
        public override string ToString() => Name;
    }

    public enum RunOutcomeExpectation
    {
        Applied,
        Refused,
    }

    public static TheoryData<Scenario> Table => new()
    {
        new Scenario("first merge is applied automatically", "deploy-merge-auto-apply", null, CompareDirection.Ahead, false, RunOutcomeExpectation.Applied),
        new Scenario("a merge behind the deployed revision is refused", "deploy-behind-rejected", Trigger.Merge, CompareDirection.Behind, false, RunOutcomeExpectation.Refused),
        new Scenario("a locked merge waits for unlock, then is applied", "deploy-unlock", Trigger.Manual, CompareDirection.Ahead, true, RunOutcomeExpectation.Applied),
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Both_hosts_publish_the_same_check_runs(Scenario scenario)
    {
        var temporal = await ThroughTemporalAsync(scenario);
        var inProcess = await InProcessAsync(scenario);

        Assert.Equal(temporal.CheckRuns, inProcess.CheckRuns);
        Assert.Equal(temporal.Audits, inProcess.Audits);
        Assert.Equal(temporal.Latest, inProcess.Latest);
        var last = temporal.CheckRuns[^1];
        Assert.Equal(scenario.Expect == RunOutcomeExpectation.Applied ? CheckRunConclusion.Success : CheckRunConclusion.Failure, last.Conclusion);
    }

    private static async Task<Outcome> ThroughTemporalAsync(Scenario scenario)
    {
        var recorder = new DeliveryRecorder();
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [recorder] }.AddWorkflow<DeployWorkflow>().AddWorkflow<TerraformRunWorkflow>());
        var result = await replayer.ReplayWorkflowAsync(ReplayTests.Load(scenario.History), throwOnReplayFailure: false);
        Assert.Null(result.ReplayFailure);
        var latest = recorder.Items.LastOrDefault(i => i.Kind == Neptune.Hosting.Temporal.Payloads.DeliveryKind.Latest) is { } l
            ? LatestDeploymentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(l.Json)).Revision
            : null;
        return new Outcome(
            LastOfEachGeneration(recorder.CheckRuns.Where(p => p.DeploymentId == TestData.DeploymentId)),
            string.Join(",", recorder.Items.Where(i => i.Kind == Neptune.Hosting.Temporal.Payloads.DeliveryKind.Audit).Select(i => Neptune.Audit.AuditEventJson.Deserialize(i.Json).State)),
            latest);
    }

    private static async Task<Outcome> InProcessAsync(Scenario scenario)
    {
        var dataDir = Directory.CreateTempSubdirectory("neptune-same-rules-").FullName;
        var store = new MemoryDeploymentStore();
        if (scenario.Latest is { } trigger)
        {
            await store.SaveLatestAsync(new LatestDeployment(TestData.PreviousId, TestData.Target, TestData.RevisionA, "main", trigger), default);
        }

        var publisher = new RecordingCheckRunPublisher();
        var terraform = new TerraformCliExecutor(Options.Create(new TerraformOptions { Path = RepoPaths.Terraform }), NullLogger<TerraformCliExecutor>.Instance, TimeProvider.System);
        var ports = new InProcessPorts
            {
                CommitComparer = new FixedComparer(scenario.Direction),
                SourceFetcher = new FileWritingFetcher(StandIn.Json(changes: 2)),
                Terraform = terraform,
                DeploymentStore = store,
                JobLogStore = new MemoryJobLogStore(),
                CheckRunPublisher = publisher,
                AuditSink = new RecordingAuditSink(),
            };
        await using var neptune = new InProcessNeptune(new InProcessOptions { DataDir = dataDir }, ports);
        await neptune.StartAsync();

        var receipt = await neptune.RequestRevisionAsync(TestData.Merge());
        var id = receipt.DeploymentId!.Value;
        if (scenario.Unlock)
        {
            await WaitAsync(async () => (await neptune.GetTargetAsync(TestData.Target)).Merge.Any(d => d.Stage == DeploymentStage.Locked && d.CheckRunId is not null));
            await neptune.UnlockAsync(TestData.Target, "alice");
        }

        await WaitAsync(() => Task.FromResult(publisher.Published.Any(p => p.DeploymentId == id && p.View.IsCompleted && p.View.Conclusion != CheckRunConclusion.ActionRequired)));
        await Task.Delay(200);
        var audit = (RecordingAuditSink)ports.AuditSink;
        await WaitAsync(() => Task.FromResult(scenario.Expect == RunOutcomeExpectation.Refused || audit.Events.Count == 2));
        return new Outcome(
            LastOfEachGeneration(publisher.Published.Where(p => p.DeploymentId == id)),
            string.Join(",", audit.Events.Select(e => e.State)),
            store.Latest.TryGetValue(TestData.TargetId, out var latest) && latest.Id == id ? latest.Revision : null);
    }

    /// <summary>
    /// What people end up seeing: the last view of each check run of the deployment. (The in-process outbox may skip a
    /// publication a newer one of the same run superseded before delivery, so intermediate views are not compared.)
    /// </summary>
    private static List<(int Generation, CheckRunStatus Status, CheckRunConclusion? Conclusion, string Title)> LastOfEachGeneration(IEnumerable<CheckRunPublication> publications) =>
        publications.GroupBy(p => p.Generation).OrderBy(g => g.Key).Select(g => g.Last()).Select(p => (p.Generation, p.View.Status, p.View.Conclusion, p.View.Title)).ToList();

    /// <summary>What a scenario leaves behind: the check runs people see, the audit events, the latest deployment's revision (if this deployment became latest).</summary>
    private sealed record Outcome(List<(int Generation, CheckRunStatus Status, CheckRunConclusion? Conclusion, string Title)> CheckRuns, string Audits, string? Latest);

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the in-process host did not get there in 60 s");
            await Task.Delay(50);
        }
    }
}
