using System.Diagnostics;
using System.Globalization;

namespace Neptune.Benchmarks.Intake;

/// <summary>Percentiles of a set of durations, in milliseconds (nearest-rank).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    /// <summary>The summary of durations given in <see cref="Stopwatch"/> ticks.</summary>
    public static LatencySummary Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }

        double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
        double At(double p) => Ms(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), At(0.999), Ms(sorted[^1]), sorted.Average(Ms));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms, max {Max:F2} ms, mean {Mean:F2} ms (n={Count})");
}
