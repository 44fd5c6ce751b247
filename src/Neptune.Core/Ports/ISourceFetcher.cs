using Neptune.Model;

namespace Neptune.Ports;

/// <summary>Puts the files of a repository at one revision into a directory on the worker.</summary>
public interface ISourceFetcher
{
    /// <summary>Fetches <paramref name="repo"/> at <paramref name="revision"/> into <paramref name="destination"/>.</summary>
    Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken);
}
