namespace Neptune.Hosting.InProcess.Journal;

/// <summary>A side effect committed with the state change that caused it, delivered until it succeeds.</summary>
/// <param name="Sequence">Order of commit (0 until committed).</param>
/// <param name="Target">The target id.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Payload">JSON payload of the effect.</param>
public sealed record OutboxItem(long Sequence, string Target, OutboxKind Kind, string Payload)
{
    /// <summary>The publication <see cref="Payload"/> was serialized from, while this process still holds it: delivery then skips reading the JSON back.</summary>
    internal CheckRuns.CheckRunPublication? Publication { get; init; }
}

/// <summary>Kinds of outbox items; each kind is delivered in commit order by its own lane.</summary>
public enum OutboxKind
{
    /// <summary>A check-run publication.</summary>
    CheckRun,

    /// <summary>An audit event.</summary>
    Audit,

    /// <summary>A latest-deployment record for the deployment store.</summary>
    Latest,
}
