namespace Neptune.Aws.Tests.Support;

/// <summary>The folder holding Neptune.sln, found upwards from the test binaries.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neptune.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Neptune.sln above {AppContext.BaseDirectory}.");
    });

    public static string Path => Root.Value;
}
