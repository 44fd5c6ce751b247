using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>
/// Reads what intake needs from a repository at a revision, without cloning it (spec §2): the config file, the files a
/// push changed, and whether a root's directory exists. GitHub's REST API serves it for webhooks; a local git
/// repository serves it in local mode.
/// </summary>
public interface IRepositoryReader
{
    /// <summary>A file's text at a revision, or <see langword="null"/> when no such file exists there.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="sha">The full commit id.</param>
    /// <param name="path">The file's path relative to the repository's top.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default);

    /// <summary>Whether a directory exists at a revision.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="sha">The full commit id.</param>
    /// <param name="dir">The directory relative to the repository's top.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default);

    /// <summary>Every file changed between two revisions (<c>before..after</c>), a rename with its previous path.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="before">The revision before the push.</param>
    /// <param name="after">The pushed revision.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    Task<IReadOnlyList<ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default);

    /// <summary>The files one commit changed against its first parent (every file for a commit without parents).</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="sha">The full commit id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default);
}
