using System.Runtime.CompilerServices;

namespace Neptune.Tests.CheckRuns;

/// <summary>
/// Compares text with an expected file kept next to the tests, <c>Expected/&lt;name&gt;.expected.md</c>.
/// With <c>NEPTUNE_UPDATE_GOLDEN=1</c> it rewrites the file instead: review the diff before committing.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "NEPTUNE_UPDATE_GOLDEN";

    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFilePath = "")
    {
        var sourcePath = Path.Combine(Path.GetDirectoryName(callerFilePath) ?? ".", "Expected", name + ".expected.md");
        actual = actual.ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
            return;
        }

        // Compare with the source file so a rewrite shows up at once; fall back to the copy in the output
        // folder when the sources are not where the compiler saw them (e.g. tests run from another machine).
        var path = File.Exists(sourcePath)
            ? sourcePath
            : Path.Combine(AppContext.BaseDirectory, "CheckRuns", "Expected", name + ".expected.md");
        if (!File.Exists(path))
        {
            Assert.Fail($"No expected file {sourcePath}. Run the tests with {UpdateVariable}=1 to create it, then review it.\n--- actual ---\n{actual}");
        }

        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail(
            $"{name}: the rendered text differs from {path} at line {line + 1}.\n" +
            $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end of file>")}\n" +
            $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end of text>")}\n" +
            $"--- expected ---\n{expected}\n--- actual ---\n{actual}\n" +
            $"If the change is intended, run the tests with {UpdateVariable}=1 and review the diff.");
    }
}
