using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Neptune.GitHub.Tests;

/// <summary>
/// Runs a property over inputs drawn from a CsCheck generator with a fixed PCG seed and a fixed count, so a CI run
/// always checks the same inputs; <c>NEPTUNE_FUZZ_ITERATIONS</c> multiplies the count and <c>NEPTUNE_FUZZ_SEED</c>
/// replaces the seed for longer scripted runs (docs/reliability.md, "Fuzzing"). A failure names the input's number,
/// the seed and the input, so it can be replayed.
/// </summary>
public static class Fuzz
{
    /// <summary>Multiplies every property's iteration count (default 1).</summary>
    public const string IterationsVariable = "NEPTUNE_FUZZ_ITERATIONS";

    /// <summary>Replaces every property's seed (an unsigned 64-bit number).</summary>
    public const string SeedVariable = "NEPTUNE_FUZZ_SEED";

    /// <summary>How many inputs a property with <paramref name="iterations"/> by default checks in this run.</summary>
    public static int Iterations(int iterations) =>
        iterations * (Environment.GetEnvironmentVariable(IterationsVariable) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : 1);

    /// <summary>The seed used in this run.</summary>
    public static ulong Seed(ulong seed) =>
        Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } v ? ulong.Parse(v, CultureInfo.InvariantCulture) : seed;

    /// <summary>Checks <paramref name="property"/> on every input; returns how many ran and how long it took.</summary>
    public static async Task<(int Count, TimeSpan Elapsed)> CheckAsync<T>(
        Gen<T> gen, int iterations, ulong seed, Func<T, Task> property, Func<T, string> describe)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(describe);
        var (count, s) = (Iterations(iterations), Seed(seed));
        var pcg = new PCG(1, s);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var input = gen.Generate(pcg, null, out _);
            try
            {
                await property(input).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw new FuzzFailureException($"Input #{i} of seed {s} failed: {e.GetType().Name}: {e.Message}\nInput: {Shorten(describe(input))}", e);
            }
        }

        return (count, clock.Elapsed);
    }

    /// <summary>The synchronous form of <see cref="CheckAsync{T}"/>.</summary>
    public static (int Count, TimeSpan Elapsed) Check<T>(Gen<T> gen, int iterations, ulong seed, Action<T> property, Func<T, string> describe)
    {
        ArgumentNullException.ThrowIfNull(property);
        return CheckAsync(gen, iterations, seed, input =>
        {
            property(input);
            return Task.CompletedTask;
        }, describe).GetAwaiter().GetResult();
    }

    private static string Shorten(string text) => text.Length > 2000 ? text[..2000] + $"… ({text.Length} characters)" : text;
}

/// <summary>A property failed on a generated input.</summary>
public sealed class FuzzFailureException(string message, Exception inner) : Exception(message, inner);
