using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// What a piece allocates, by type: the runtime's allocation ticks (one event per ~100 KB allocated, naming the type
/// that crossed the mark), so types appear in proportion to the bytes allocated. Enabled for <see cref="IntakePieces"/>
/// with <c>NEPTUNE_ALLOCATION_TYPES=1</c>; a sample, good for finding where the bytes go, not for exact figures.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);
    private volatile bool counting;

    /// <summary>Starts or stops counting (the listener stays attached).</summary>
    public bool Counting
    {
        get => counting;
        set => counting = value;
    }

    /// <summary>Prints the types that took the most bytes, with their share, and forgets them.</summary>
    public void PrintAndReset(int top = 25)
    {
        var total = bytes.Values.Sum();
        foreach (var (type, amount) in bytes.OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key, kv.Value)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {amount * 100.0 / Math.Max(total, 1),5:F1} %  {type}"));
        }

        bytes.Clear();
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!counting || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is not { } payload)
        {
            return;
        }

        var type = payload[eventData.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amount = amountIndex >= 0 ? Convert.ToInt64(payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
        bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
