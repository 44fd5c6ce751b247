using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.Temporal.Tests.Support;

/// <summary>Fixed values the histories and tests share, so generated files are stable.</summary>
internal static class TestData
{
    public const string TargetId = "acme/infra||production";
    public const string DeployQueue = "deploy";
    public const string TerraformQueue = "terraform";
    public const string WorkerQueue = "terraform-worker1-0a1b2c3d";
    public const string RevisionA = "1111111111111111111111111111111111111111";
    public const string RevisionB = "2222222222222222222222222222222222222222";

    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    public static readonly Guid DeploymentId = Guid.Parse("7d0c2a8e-3b4f-4c6d-9e1f-2a3b4c5d6e7f");
    public static readonly Guid PreviousId = Guid.Parse("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");

    public static DeployTarget Target => DeployTarget.Parse(TargetId);

    public static RevisionRequest Merge(string revision = RevisionB) => new(Target, revision, "main", Trigger.Merge, "octocat", pullNumber: 42);

    public static RevisionRequest Manual(string revision = RevisionB) => new(Target, revision, "main", Trigger.Manual, "alice");

    public static Deployment Deployment(RevisionRequest? request = null, DateTimeOffset? at = null) => new(DeploymentId, request ?? Merge(), at ?? T0);

    public static DeployWorkflowInput DeployInput(string? snapshot = null) => new()
    {
        Target = TargetId,
        TaskQueue = DeployQueue,
        TerraformTaskQueue = TerraformQueue,
        Snapshot = snapshot,
    };

    public static RevisionSignal RevisionSignal(RevisionRequest request) => new() { DeploymentId = DeploymentId, Request = RevisionRequestPayload.From(request) };

    /// <summary>The run's first state, as the deploy workflow's run decider makes it when it starts the run.</summary>
    public static RunState FirstRunState(Deployment deployment, PlanApproval approval, DateTimeOffset? at = null) =>
        RunDecider.Decide(null, new RunRequested { At = at ?? T0 + TimeSpan.FromSeconds(1), Deployment = deployment, Approval = approval }).State!;

    public static TerraformRunInput RunInput(Deployment deployment, PlanApproval approval) => new()
    {
        RunState = Neptune.Snapshots.RunStateJson.Serialize(FirstRunState(deployment, approval)),
        PlanJobId = deployment.PlanJobId,
        PlanAttempt = 1,
        ParentWorkflowId = TargetId,
        TerraformTaskQueue = TerraformQueue,
    };
}
