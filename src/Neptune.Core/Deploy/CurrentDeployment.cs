using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Deploy;

/// <summary>The one deployment of a target that has left the queue and not finished.</summary>
public sealed class CurrentDeployment
{
    internal CurrentDeployment(Deployment deployment) => Deployment = deployment;

    /// <summary>The deployment.</summary>
    public Deployment Deployment { get; }

    /// <summary>Ordering check or running.</summary>
    public DeploymentPhase Phase { get; internal set; }

    /// <summary>How its plan is approved, once the ordering rules decided.</summary>
    public PlanApproval? Approval { get; internal set; }

    /// <summary>The run's last reported state.</summary>
    public RunState? Run { get; internal set; }

    /// <summary>Apply states already sent to the audit sink (bit per <see cref="Audit.AuditState"/>): each goes exactly once.</summary>
    internal int AuditedApplyStates { get; set; }
}
