namespace Neptune.Git;

/// <summary>
/// Deletes a deployment's workspace reliably: files git made read-only (everything under
/// <c>.git/objects</c>) and read-only directories do not stop it, and symbolic links are removed without
/// touching what they point to. Making sure cleanup runs is the caller's job; this makes sure it works.
/// </summary>
public static class WorkspaceCleanup
{
    /// <summary>
    /// Deletes <paramref name="directory"/> and everything in it. Nothing happens when it does not exist;
    /// a symbolic link is deleted itself, never its target.
    /// </summary>
    /// <exception cref="ArgumentException">The path is blank or a file-system root.</exception>
    /// <exception cref="IOException">The directory could not be deleted even after making it writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The process lacks the right to delete it.</exception>
    public static void Delete(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var info = new DirectoryInfo(Path.GetFullPath(directory));
        if (Path.GetPathRoot(info.FullName) == info.FullName)
        {
            throw new ArgumentException($"Refusing to delete '{info.FullName}', a file-system root, as a workspace.", nameof(directory));
        }

        if (info.LinkTarget is not null)
        {
            info.Delete();
            return;
        }

        if (!info.Exists)
        {
            return;
        }

        try
        {
            info.Delete(recursive: true);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Read-only entries; made writable below, then one more try.
        }

        MakeWritable(info);
        info.Refresh();
        if (info.Exists)
        {
            info.Delete(recursive: true);
        }
    }

    /// <summary>Clears read-only marks below <paramref name="directory"/>, never following links.</summary>
    internal static void MakeWritable(DirectoryInfo directory)
    {
        MakeWritableEntry(directory);
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo child && child.LinkTarget is null)
            {
                MakeWritable(child);
            }
            else if (entry.LinkTarget is null)
            {
                MakeWritableEntry(entry);
            }
        }
    }

    private static void MakeWritableEntry(FileSystemInfo entry)
    {
        if (entry.Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            entry.Attributes &= ~FileAttributes.ReadOnly;
        }

        // Unlinking needs write and search permission on the directory that holds the entry.
        if (!OperatingSystem.IsWindows() && entry is DirectoryInfo)
        {
            entry.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }
    }
}
