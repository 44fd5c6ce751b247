namespace Neptune.GitHub.Roots;

/// <summary>A file changed somewhere in <c>before..after</c>, relative to the repository's top.</summary>
/// <param name="Path">The file's path after the change (for a deletion, the deleted path).</param>
/// <param name="PreviousPath">For a rename, the path before it; both names count as changed.</param>
public sealed record ChangedFile(string Path, string? PreviousPath = null)
{
    /// <summary>The names the change touches: <see cref="Path"/> and, for a rename, <see cref="PreviousPath"/>.</summary>
    public IEnumerable<string> Paths
    {
        get
        {
            yield return Path;
            if (!string.IsNullOrEmpty(PreviousPath) && PreviousPath != Path)
            {
                yield return PreviousPath;
            }
        }
    }
}
