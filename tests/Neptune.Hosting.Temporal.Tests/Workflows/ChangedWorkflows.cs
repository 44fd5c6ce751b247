using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Workflows;
using Temporalio.Workflows;

namespace Neptune.Hosting.Temporal.Tests.Workflows;

/// <summary>
/// Deliberately changed versions of the workflows, registered under the same type names: replaying a recorded
/// history against them must fail, which shows the replay tests would catch a non-deterministic change.
/// </summary>
[Workflow(NeptuneTemporalNames.DeployWorkflow)]
public sealed class DeployWorkflowThatSkipsTheStoreRead
{
    private readonly Queue<object> inbox = new();

    /// <summary>
    /// Starts without reading the latest deployment and just waits: a missing first command. (Temporal's replay matches
    /// activities by sequence number, not by type, so a change has to alter which commands are issued to be caught.)
    /// </summary>
    [WorkflowRun]
    public Task RunAsync(DeployWorkflowInput input) => Workflow.WaitConditionAsync(() => inbox.Count > 100 && input is not null);

    [WorkflowSignal(NeptuneTemporalNames.NewRevisionSignal)]
    public Task NewRevisionAsync(RevisionSignal signal)
    {
        inbox.Enqueue(signal);
        return Task.CompletedTask;
    }

    [WorkflowSignal(NeptuneTemporalNames.UnlockSignal)]
    public Task UnlockAsync(UnlockSignal signal)
    {
        inbox.Enqueue(signal);
        return Task.CompletedTask;
    }

    [WorkflowSignal(NeptuneTemporalNames.StateChangeSignal)]
    public Task StateChangeAsync(RunStateSignal signal)
    {
        inbox.Enqueue(signal);
        return Task.CompletedTask;
    }
}

/// <summary>A terraform run that plans on the shared queue without claiming a worker first (the change spec §5 forbids).</summary>
[Workflow(NeptuneTemporalNames.TerraformRunWorkflow)]
public sealed class TerraformRunWorkflowWithoutClaim
{
    [WorkflowRun]
    public async Task<string> RunAsync(TerraformRunInput input)
    {
        await Workflow.ExecuteActivityAsync(
            (TerraformActivities a) => a.FetchAsync(new Neptune.Hosting.Temporal.Payloads.StepInput { JobId = input.PlanJobId }),
            new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
        return "changed";
    }

    [WorkflowSignal(NeptuneTemporalNames.PlanReviewSignal)]
    public Task PlanReviewAsync(ReviewSignal signal) => Task.CompletedTask;
}
