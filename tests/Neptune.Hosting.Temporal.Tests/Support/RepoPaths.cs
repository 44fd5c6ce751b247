namespace Neptune.Hosting.Temporal.Tests.Support;

/// <summary>Paths inside the repository (found from the test's output folder).</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Neptune.sln above {AppContext.BaseDirectory}.");
    });

    public static string Terraform => Path.Combine(Root.Value, "tests", "tools", "terraform");

    /// <summary>The source folder of the replay histories (written when regenerating).</summary>
    public static string HistoriesSource => Path.Combine(Root.Value, "tests", "Neptune.Hosting.Temporal.Tests", "Histories");

    /// <summary>The histories copied next to the test assembly (read by the replay tests).</summary>
    public static string Histories => Path.Combine(AppContext.BaseDirectory, "Histories");
}
