using Neptune.Hosting.Temporal.Tests.Support;
using Neptune.Hosting.Temporal.Workflows;
using Temporalio.Common;
using Temporalio.Worker;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>
/// Replays the recorded histories in <c>Histories/</c> against the workflows (no server needed): a change to a workflow
/// that would break running executions fails here. Each history also fails against a deliberately changed workflow.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string> Histories => new(ReplayHistories.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task History_replays_against_the_workflows(string name)
    {
        var history = Load(name);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<DeployWorkflow>().AddWorkflow<TerraformRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task History_fails_against_a_changed_workflow(string name)
    {
        var history = Load(name);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions()
            .AddWorkflow<DeployWorkflowThatSkipsTheStoreRead>()
            .AddWorkflow<TerraformRunWorkflowWithoutClaim>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.NotNull(result.ReplayFailure);
        Assert.Contains("nondetermin", result.ReplayFailure.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task History_fails_when_the_workflow_skips_its_last_activity(string name)
    {
        var history = Load(name);
        var activities = history.Events.Count(e => e.EventType == Temporalio.Api.Enums.V1.EventType.ActivityTaskScheduled);
        if (activities == 0)
        {
            // deploy-continued-run schedules none; the changed workflow above covers it.
            return;
        }

        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [new SkipActivityInterceptor(activities)] }
            .AddWorkflow<DeployWorkflow>()
            .AddWorkflow<TerraformRunWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.NotNull(result.ReplayFailure);
        Assert.Contains("nondetermin", result.ReplayFailure.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void HistoryFiles_match_the_scenarios()
    {
        var rewrite = Environment.GetEnvironmentVariable("NEPTUNE_REWRITE_HISTORIES") == "1";
        foreach (var (name, scenario) in ReplayHistories.All)
        {
            var json = scenario.Build().ToJson();
            var path = Path.Combine(RepoPaths.HistoriesSource, name + ".json");
            if (rewrite)
            {
                File.WriteAllText(path, json);
                continue;
            }

            Assert.True(File.Exists(path), $"{path} is missing; run with NEPTUNE_REWRITE_HISTORIES=1 to write it.");
            Assert.True(json == File.ReadAllText(path), $"{name}.json differs from its scenario; regenerate on purpose with NEPTUNE_REWRITE_HISTORIES=1.");
        }
    }

    internal static WorkflowHistory Load(string name)
    {
        var path = Path.Combine(RepoPaths.Histories, name + ".json");
        var id = ReplayHistories.All[name].WorkflowType == NeptuneTemporalNames.DeployWorkflow ? TestData.TargetId : TestData.DeploymentId.ToString();
        return WorkflowHistory.FromJson(id, File.ReadAllText(path));
    }
}
