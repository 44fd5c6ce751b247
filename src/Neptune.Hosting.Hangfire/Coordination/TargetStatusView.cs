using Neptune.Client;
using Neptune.Deploy;
using Neptune.Model;

namespace Neptune.Hosting.Hangfire.Coordination;

/// <summary>The client API view of a stopped target (running ones use Core's <see cref="TargetStatusViews"/>).</summary>
internal static class TargetStatusView
{
    /// <summary>A stopped target as it would start again: the decider rebuilds the lock from its latest deployment.</summary>
    public static TargetStatus Resting(DeployTarget target, LatestDeployment? latest, DateTimeOffset now)
    {
        var state = new DeployState(target);
        DeployDecider.Decide(state, new TargetStarted { At = now, Latest = latest });
        return TargetStatusViews.Of(state);
    }
}
