using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Ordering;

/// <summary>
/// Spec §4 steps 1–4: whether a revision may deploy given how it compares with the latest deployment,
/// and whether its plan is approved automatically or reviewed by a person.
/// </summary>
public static class RevisionOrdering
{
    /// <summary>Shown when a revision is behind the deployed one.</summary>
    public const string BehindMessage =
        "This revision is behind the current revision and will not be deployed. " +
        "If you want to deploy it, revert the default branch to this revision to trigger a new deployment.";

    /// <summary>Shown when a rerun is not of the latest deployment.</summary>
    public const string InvalidRerunMessage =
        "Reruns are only supported on the most recent deploy. Merge or manually deploy a new revision instead.";

    /// <summary>The reason every manual deploy is reviewed.</summary>
    public const string ManualTriggerReason = "Manually triggered deploys must be confirmed.";

    /// <summary>Decides what happens to <paramref name="request"/>.</summary>
    /// <param name="request">The revision to deploy.</param>
    /// <param name="latest">The latest deployment; <see langword="null"/> for a first deploy.</param>
    /// <param name="direction">How the request's revision compares with <paramref name="latest"/>'s; ignored (treated as ahead) when there is no latest.</param>
    public static OrderingVerdict Decide(RevisionRequest request, LatestDeployment? latest, CompareDirection direction)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (latest is null)
        {
            direction = CompareDirection.Ahead;
        }
        else if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown compare direction.");
        }

        if (direction == CompareDirection.Behind)
        {
            return new OrderingVerdict(OrderingVerdictKind.RejectBehind, null, BehindMessage);
        }

        if (request.Rerun && latest is not null && direction != CompareDirection.Identical)
        {
            return new OrderingVerdict(OrderingVerdictKind.RejectInvalidRerun, null, InvalidRerunMessage);
        }

        if (direction == CompareDirection.Diverged)
        {
            return new OrderingVerdict(OrderingVerdictKind.Run, PlanApproval.Manual(DivergedReason(request, latest!)), null);
        }

        if (request.Trigger == Trigger.Manual)
        {
            return new OrderingVerdict(OrderingVerdictKind.Run, PlanApproval.Manual(ManualTriggerReason), null);
        }

        return new OrderingVerdict(OrderingVerdictKind.Run, PlanApproval.Auto, null);
    }

    private static string DivergedReason(RevisionRequest request, LatestDeployment latest)
    {
        var by = latest.InitiatingUser is { Length: > 0 } user ? $"@{user}" : "an unknown user";
        var reason = $"This revision has diverged from the deployed revision {latest.Revision} (deployed by {by} from branch {latest.Branch}). " +
            "Applying it may undo changes that revision made; check the plan before confirming.";
        if (!request.IsFromDefaultBranch)
        {
            reason += $" Branch {request.Branch} is not the default branch {request.DefaultBranch}: rebase it onto {request.DefaultBranch} first.";
        }

        return reason;
    }
}
