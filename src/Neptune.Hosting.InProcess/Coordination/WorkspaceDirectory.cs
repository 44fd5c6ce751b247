namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>Removes deployment workspaces, including git's read-only object files; symlinks are removed, never followed.</summary>
internal static class WorkspaceDirectory
{
    public static void Delete(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }
}
