using Neptune.Plans;

namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>
/// What the show step returns to the workflow: the plan's three counts, or why it could not be read. Never the
/// plan JSON itself, which can exceed Temporal's 2 MB payload limit; the JSON stays on the worker.
/// </summary>
public sealed class PlanReadingPayload
{
    /// <summary>Resources to create (create or replace).</summary>
    public int Creations { get; set; }

    /// <summary>Resources to update in place.</summary>
    public int Updates { get; set; }

    /// <summary>Resources to delete (delete or replace).</summary>
    public int Deletions { get; set; }

    /// <summary>Why the plan could not be read; <see langword="null"/> when it was.</summary>
    public string? Error { get; set; }

    /// <summary>Copies a reading.</summary>
    public static PlanReadingPayload From(PlanReading reading) => reading.IsReadable
        ? new PlanReadingPayload { Creations = reading.Summary.Creations, Updates = reading.Summary.Updates, Deletions = reading.Summary.Deletions }
        : new PlanReadingPayload { Error = reading.Error };

    /// <summary>Rebuilds the reading.</summary>
    public PlanReading ToReading() => Error is null
        ? PlanReading.Readable(new PlanSummary(Creations, Updates, Deletions))
        : PlanReading.Unreadable(Error);
}
