using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>New commits on a repository's default branch, from a webhook or a watched local repository.</summary>
/// <param name="Repo">The repository.</param>
/// <param name="DefaultBranch">Its default branch (the branch pushed to).</param>
/// <param name="Before">The branch's revision before the push; all zeros when the branch is new.</param>
/// <param name="After">The pushed revision.</param>
/// <param name="User">Who pushed: the GitHub login, or the committer in local mode.</param>
/// <param name="HeadMessage">The head commit's message, from which a merged pull request's number is read.</param>
/// <param name="ChangedFiles">
/// The files the push changed when the source listed them all; <see langword="null"/> when it did not (GitHub lists at
/// most 20 commits in a payload), and intake asks the <see cref="IRepositoryReader"/> instead.
/// </param>
public sealed record PushNotice(
    RepoRef Repo,
    string DefaultBranch,
    string Before,
    string After,
    string User,
    string? HeadMessage = null,
    IReadOnlyList<ChangedFile>? ChangedFiles = null)
{
    /// <summary>Whether <see cref="Before"/> names no revision (a new branch, or the first push to a repository).</summary>
    public bool IsNewBranch => Before.Trim('0').Length == 0;
}
