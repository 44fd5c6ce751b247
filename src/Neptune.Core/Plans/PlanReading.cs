using System.Diagnostics.CodeAnalysis;

namespace Neptune.Plans;

/// <summary>
/// The result of reading a plan's JSON: a <see cref="PlanSummary"/>, or an explicit "unreadable" with
/// the reason. Unreadable is never mistaken for "no changes": the review gate turns it into a manual review.
/// </summary>
public readonly record struct PlanReading
{
    private PlanReading(PlanSummary? summary, string? error)
    {
        Summary = summary;
        Error = error;
    }

    /// <summary>The summary, when the plan was readable.</summary>
    public PlanSummary? Summary { get; }

    /// <summary>Why the plan could not be read, when it could not.</summary>
    public string? Error { get; }

    /// <summary>Whether <see cref="Summary"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Summary))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsReadable => Summary is not null;

    /// <summary>A readable plan.</summary>
    public static PlanReading Readable(PlanSummary summary) => new(summary ?? throw new ArgumentNullException(nameof(summary)), null);

    /// <summary>An unreadable plan.</summary>
    public static PlanReading Unreadable(string error) => new(null, string.IsNullOrWhiteSpace(error) ? "The plan could not be read." : error);
}
