using Neptune.Model;

namespace Neptune.Ports;

/// <summary>Compares two commits of a repository (GitHub's compare API, or a local git repository).</summary>
public interface ICommitComparer
{
    /// <summary>Says how <paramref name="headRevision"/> relates to <paramref name="baseRevision"/>.</summary>
    /// <remarks>Errors are thrown; the caller retries with backoff and never treats an error as a direction.</remarks>
    Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken);
}
