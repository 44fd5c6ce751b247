using Neptune.Client;
using Neptune.Model;

namespace Neptune.Gateway.Endpoints;

/// <summary>A target as the dashboard shows it.</summary>
public sealed record TargetView(string Id, string? LockedAt, IReadOnlyList<DeploymentView> Manual, IReadOnlyList<DeploymentView> Merge, DeploymentView? Current, string? LatestRevision, string? LatestBy)
{
    /// <summary>Maps the client's status.</summary>
    public static TargetView From(TargetStatus s) => new(
        s.Target.Id,
        s.Lock.Revision,
        s.Manual.Select(DeploymentView.From).ToArray(),
        s.Merge.Select(DeploymentView.From).ToArray(),
        s.Current is { } c ? DeploymentView.From(c) : null,
        s.Latest?.Revision,
        s.Latest?.InitiatingUser);
}

/// <summary>A deployment as the dashboard shows it.</summary>
public sealed record DeploymentView(
    Guid Id,
    string Target,
    string Revision,
    string Trigger,
    string User,
    string Stage,
    string? Plan,
    string? Review,
    string? ReviewReason,
    string? Outcome,
    string? Message,
    Guid PlanJobId,
    Guid ApplyJobId)
{
    /// <summary>Maps the client's status.</summary>
    public static DeploymentView From(DeploymentStatus s)
    {
        var d = s.Deployment;
        var reading = s.Run?.PlanReading;
        return new(
            d.Id,
            d.Target.Id,
            d.Revision,
            d.Request.Trigger.ToString(),
            d.Request.InitiatingUser,
            s.Stage.ToString(),
            reading is { } r ? (r.Summary is { } summary ? summary.Text : $"unreadable: {r.Error}") : null,
            s.Run?.Review.ToString(),
            s.Run?.ReviewReason,
            s.Result?.Outcome.ToString(),
            s.Result?.Message,
            d.PlanJobId,
            d.ApplyJobId);
    }
}

/// <summary>Body of a review call.</summary>
public sealed record ReviewBody(string? Decision, string? User);

/// <summary>Body of an unlock call.</summary>
public sealed record UnlockBody(string? Target, string? User);

/// <summary>Body of a manual deploy.</summary>
public sealed record DeployBody(string? Target, string? Revision, string? Branch, string? RootDir, string? User);
