namespace Neptune.Hosting.Hangfire.Tests.Support;

/// <summary>Where the terraform stand-in (tests/tools/terraform) lives.</summary>
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

    public static string Json(int changes = 0, int lines = 0, double sleep = 0, string sleepIn = "plan", string? fail = null, bool showGarbage = false) =>
        "{" + string.Join(", ", new[]
        {
            $"\"changes\": {changes}",
            $"\"lines\": {lines}",
            $"\"sleep\": {sleep.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            $"\"sleep_in\": \"{sleepIn}\"",
            fail is null ? null : $"\"fail\": \"{fail}\"",
            showGarbage ? "\"show_garbage\": true" : null,
        }.Where(s => s is not null)) + "}";
}
