using Neptune.GitHub.Intake;
using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// Stands in for GitHub's contents and compare API (unreachable in the benchmark): every repository has the same
/// <c>neptune.yaml</c> at every sha, with the roots <see cref="Roots"/>, and every root's directory exists. Pushes list
/// their changed files, so intake never compares; a call that would compare is counted. <see cref="Hold"/> makes config
/// reads wait, which holds the intake worker (it handles one delivery at a time) so the handler can be measured alone.
/// </summary>
public sealed class MemoryRepositoryReader : IRepositoryReader
{
    /// <summary>The roots of every repository's config; each is a directory of the same name.</summary>
    public static readonly IReadOnlyList<string> Roots = ["network", "dns", "compute", "storage"];

    private static readonly Task<string?> Config = Task.FromResult<string?>(
        "version: 3\nprojects:\n" + string.Concat(Roots.Select(r => $"  - name: {r}\n    dir: {r}\n    tags: {{ environment: prod }}\n")));

    private static readonly Task<string?> NoFile = Task.FromResult<string?>(null);
    private static readonly Task<bool> Exists = Task.FromResult(true);
    private static readonly Task<IReadOnlyList<ChangedFile>> NoFiles = Task.FromResult<IReadOnlyList<ChangedFile>>([]);

    private long _configReads;
    private long _comparisons;
    private TaskCompletionSource? _hold;

    /// <summary>How many times a config file was read (once per pushed sha: the config cache is keyed by sha).</summary>
    public long ConfigReads => Interlocked.Read(ref _configReads);

    /// <summary>How many times intake asked for changed files instead of taking them from the payload (expected 0).</summary>
    public long Comparisons => Interlocked.Read(ref _comparisons);

    /// <inheritdoc />
    public Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default)
    {
        if (path != "neptune.yaml")
        {
            return NoFile;
        }

        Interlocked.Increment(ref _configReads);
        return Volatile.Read(ref _hold) is { } hold ? AfterAsync(hold.Task) : Config;
    }

    /// <summary>From now on config reads wait until <see cref="Release"/>.</summary>
    public void Hold() => Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the waiting config reads (and all later ones) complete.</summary>
    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    private static async Task<string?> AfterAsync(Task released)
    {
        await released.ConfigureAwait(false);
        return await Config.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default) => Exists;

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _comparisons);
        return NoFiles;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _comparisons);
        return NoFiles;
    }
}
