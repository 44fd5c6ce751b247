using System.Globalization;

namespace Neptune.Hosting.Hangfire.Storage;

/// <summary>What an outbox item delivers.</summary>
internal enum OutboxKind
{
    CheckRun,
    Audit,
    Latest,
}

/// <summary>
/// Something committed with a target's state that must reach the outside (check run, audit event, latest deployment).
/// Stored in a Hangfire list as <c>sequence|kind|payload</c>; the sequence orders delivery and makes each value unique.
/// </summary>
internal sealed record OutboxItem(long Sequence, OutboxKind Kind, string Payload)
{
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{Sequence:D19}|{Kind}|{Payload}");

    public static OutboxItem Decode(string value)
    {
        var first = value.IndexOf('|', StringComparison.Ordinal);
        var second = value.IndexOf('|', first + 1);
        if (first < 0 || second < 0)
        {
            throw new FormatException($"'{value}' is not a Neptune outbox item.");
        }

        return new OutboxItem(
            long.Parse(value.AsSpan(0, first), CultureInfo.InvariantCulture),
            Enum.Parse<OutboxKind>(value.AsSpan(first + 1, second - first - 1)),
            value[(second + 1)..]);
    }
}
