using System.Diagnostics.CodeAnalysis;
using Neptune.GitHub.Config;

namespace Neptune.GitHub.Roots;

/// <summary>
/// Which roots a push modifies (spec §2): a root is modified when its <c>when_modified</c> patterns
/// (see <see cref="WhenModifiedMatcher"/>) match any file changed in the whole <c>before..after</c> range, a renamed
/// file counting under both its old and new name. A modified root whose <c>dir</c> does not exist at the pushed
/// revision is skipped. Roots come back in file order, each once.
/// </summary>
public static class RootDetection
{
    /// <summary>The roots modified by the changed paths (renames already listed under both names).</summary>
    /// <param name="config">The repository's config at the pushed revision.</param>
    /// <param name="changedPaths">Every path changed in <c>before..after</c>, relative to the repository's top.</param>
    /// <param name="directoryExists">Whether a repository-relative directory exists at the pushed revision;
    /// <see langword="null"/> when every dir is known to exist. Asked only for modified roots, never for <c>.</c>.</param>
    /// <exception cref="ArgumentException">A changed path is empty, absolute or reaches outside the repository.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Both overloads predate API tracking and differ in the type of the changed-path list, so calls are never ambiguous.")]
    public static IReadOnlyList<RootConfig> ModifiedRoots(
        RepoConfig config, IEnumerable<string> changedPaths, Func<string, bool>? directoryExists = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(changedPaths);
        var paths = changedPaths.Distinct(StringComparer.Ordinal).ToList();
        return [.. config.Roots.Where(root =>
            paths.Any(root.IsModifiedBy) && (root.Dir == RepoPath.Top || directoryExists is null || directoryExists(root.Dir)))];
    }

    /// <summary>The roots modified by the changed files; a rename counts under both names.</summary>
    /// <inheritdoc cref="ModifiedRoots(RepoConfig, IEnumerable{string}, Func{string, bool}?)"/>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Both overloads predate API tracking and differ in the type of the changed-path list, so calls are never ambiguous.")]
    public static IReadOnlyList<RootConfig> ModifiedRoots(
        RepoConfig config, IEnumerable<ChangedFile> changedFiles, Func<string, bool>? directoryExists = null)
    {
        ArgumentNullException.ThrowIfNull(changedFiles);
        return ModifiedRoots(config, changedFiles.SelectMany(f => f.Paths), directoryExists);
    }

    /// <summary>As <see cref="ModifiedRoots(RepoConfig, IEnumerable{ChangedFile}, Func{string, bool}?)"/>, asking an
    /// asynchronous source (e.g. the contents API at the pushed sha) whether each modified root's dir exists.</summary>
    /// <param name="config">The repository's config at the pushed revision.</param>
    /// <param name="changedFiles">Every file changed in <c>before..after</c>.</param>
    /// <param name="directoryExists">Whether a repository-relative directory exists at the pushed revision.</param>
    /// <param name="cancellationToken">Cancels the existence checks.</param>
    public static async Task<IReadOnlyList<RootConfig>> ModifiedRootsAsync(
        RepoConfig config,
        IEnumerable<ChangedFile> changedFiles,
        Func<string, CancellationToken, ValueTask<bool>> directoryExists,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directoryExists);
        var candidates = ModifiedRoots(config, changedFiles);
        var result = new List<RootConfig>(candidates.Count);
        foreach (var root in candidates)
        {
            if (root.Dir == RepoPath.Top || await directoryExists(root.Dir, cancellationToken).ConfigureAwait(false))
            {
                result.Add(root);
            }
        }

        return result;
    }
}
