using Neptune.Client;
using Neptune.Deploy;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>Turns a target's decider state into what the client API shows (the shared <see cref="TargetStatusViews"/>).</summary>
internal static class TargetStatusView
{
    public static TargetStatus Of(DeployState state) => TargetStatusViews.Of(state);

    public static DeploymentStatus Finished(RunState snapshot, DateTimeOffset finishedAt) => TargetStatusViews.Finished(snapshot, finishedAt);
}
