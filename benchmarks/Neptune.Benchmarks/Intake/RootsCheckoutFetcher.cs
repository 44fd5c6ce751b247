using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Benchmarks.Intake;

/// <summary>Stands in for git: a "checkout" is an empty directory per root of <see cref="MemoryRepositoryReader"/>'s config.</summary>
public sealed class RootsCheckoutFetcher : ISourceFetcher
{
    /// <inheritdoc />
    public Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken)
    {
        foreach (var root in MemoryRepositoryReader.Roots)
        {
            Directory.CreateDirectory(Path.Combine(destination, root));
        }

        return Task.CompletedTask;
    }
}
