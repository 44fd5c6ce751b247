namespace Neptune.Local.Tests.Support;

/// <summary>The terraform stand-in kept under tests/tools, and .standin.json texts for it.</summary>
internal static class StandIn
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

    public static string Json(int changes) => $$"""{"changes": {{changes}}}""";
}
