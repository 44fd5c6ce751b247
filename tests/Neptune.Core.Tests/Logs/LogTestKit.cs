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

    /// <summary>Pulls exactly <paramref name="count"/> lines; fails if the reader ends first.</summary>
    public static async Task<List<string>> TakeAsync(this IAsyncEnumerator<string> reader, int count)
    {
        var read = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            Assert.True(await reader.MoveNextAsync(), $"the reader ended after {read.Count} of {count} lines");
            read.Add(reader.Current);
        }

        return read;
    }

    public static async Task<List<string>> RestAsync(this IAsyncEnumerator<string> reader)
    {
        var read = new List<string>();
        while (await reader.MoveNextAsync())
        {
            read.Add(reader.Current);
        }

        return read;
    }
}
