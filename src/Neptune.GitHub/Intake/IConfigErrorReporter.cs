using Neptune.GitHub.Config;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>
/// Shows a repository's broken config file to its users (spec §7): on GitHub as a failed check run on the commit, so
/// the author sees the file, line and reason next to their merge.
/// </summary>
public interface IConfigErrorReporter
{
    /// <summary>Reports that the config at a revision could not be read; nothing was deployed for it.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="sha">The revision whose config is broken.</param>
    /// <param name="error">What is wrong, with file, line and reason.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    Task ReportAsync(RepoRef repo, string sha, RepoConfigException error, CancellationToken cancellationToken = default);
}
