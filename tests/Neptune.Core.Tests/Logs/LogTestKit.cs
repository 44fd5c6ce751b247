using Neptune.Logs;

namespace Neptune.Tests.Logs;

internal static class LogTestKit
{
    public static readonly Guid JobId = new("5d1c7a4e-3b2f-4c8d-9e6a-0f1b2c3d4e5f");

    /// <summary>Distinct, recognisable lines: "line {from}" … "line {from + count - 1}".</summary>
    public static string[] Numbered(int from, int count) =>
        Enumerable.Range(from, count).Select(i => $"line {i}").ToArray();

    public static void WriteAll(this JobLog log, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            log.WriteLine(line);
        }
    }

    public static async Task<List<string>> ReadToEndAsync(this IAsyncEnumerable<string> lines)
    {
        var read = new List<string>();
        await foreach (var line in lines)
        {
            read.Add(line);
        }

        return read;
    }

    /// <summary>
    /// Pulls exactly <paramref name="count"/> lines that are already there for the reader: each pull must
    /// complete at once, so a missing line fails the test instead of leaving it waiting forever.
    /// </summary>
    public static List<string> TakeReady(this IAsyncEnumerator<string> reader, int count)
    {
        var read = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            Assert.True(PullReady(reader), $"the reader ended after {read.Count} of {count} lines");
            read.Add(reader.Current);
        }

        return read;
    }

    /// <summary>Pulls the rest of a reader whose log is completed: every pull must complete at once.</summary>
    public static List<string> RestReady(this IAsyncEnumerator<string> reader)
    {
        var read = new List<string>();
        while (PullReady(reader))
        {
            read.Add(reader.Current);
        }

        return read;
    }

    private static bool PullReady(IAsyncEnumerator<string> reader)
    {
        var next = reader.MoveNextAsync();
        Assert.True(next.IsCompleted, "the reader waits for a line that should already be there");

        return next.GetAwaiter().GetResult();
    }
}
