using System.Collections.Concurrent;
using Neptune.GitHub.Config;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>
/// A repository's config at a revision, read through an <see cref="IRepositoryReader"/> and cached by sha: a commit
/// never changes, and one merge fans out into several events (push, check runs, reruns) that all need the same file.
/// The file is parsed once per distinct content: most pushes leave it unchanged, so a new sha usually reuses the parse.
/// </summary>
public sealed class RepoConfigSource
{
    /// <summary>How many revisions' configs are kept; the cache starts over when full (the next pushes refill it).</summary>
    public const int CacheSize = 512;

    private static readonly string[] WrongExtensions = ["neptune.yml", "atlantis.yml"];

    /// <summary>How many distinct config files' parses are kept; the parse cache starts over when full.</summary>
    private const int ParsedCacheSize = 64;

    private readonly IRepositoryReader _reader;
    private readonly ConcurrentDictionary<(RepoRef Repo, string Sha), Task<RepoConfig?>> _cache = new();
    private readonly ConcurrentDictionary<(string Name, string Text), RepoConfig> _parsed = new();

    /// <summary>Creates a source over a reader.</summary>
    public RepoConfigSource(IRepositoryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <summary>
    /// The config at a revision: <c>neptune.yaml</c>, else <c>atlantis.yaml</c>; <see langword="null"/> when the
    /// repository has neither.
    /// </summary>
    /// <exception cref="RepoConfigException">The file is broken, or named <c>.yml</c>; the message says file, line and fix.</exception>
    public async Task<RepoConfig?> GetAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var key = (repo, Revision.Normalize(sha, nameof(sha)));
        if (_cache.Count >= CacheSize)
        {
            _cache.Clear();
        }

        var read = _cache.GetOrAdd(key, k => ReadAsync(k.Repo, k.Sha, cancellationToken));
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RepoConfigException)
        {
            // A transient failure (network, cancellation) is not remembered: the next event reads again.
            _cache.TryRemove(new KeyValuePair<(RepoRef, string), Task<RepoConfig?>>(key, read));
            throw;
        }
    }

    private async Task<RepoConfig?> ReadAsync(RepoRef repo, string sha, CancellationToken cancellationToken)
    {
        foreach (var name in RepoConfigReader.FileNames)
        {
            var text = await _reader.ReadFileAsync(repo, sha, name, cancellationToken).ConfigureAwait(false);
            if (text is not null)
            {
                return Parse(text, name);
            }
        }

        foreach (var name in WrongExtensions)
        {
            if (await _reader.ReadFileAsync(repo, sha, name, cancellationToken).ConfigureAwait(false) is not null)
            {
                // Reading it would work, but a silently accepted .yml breaks the moment someone adds the .yaml file.
                return RepoConfigReader.Read(string.Empty, name);
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="RepoConfigReader.Read"/>, remembered by file name and content (a <see cref="RepoConfig"/> is immutable).
    /// A broken file is not remembered: it throws every time.
    /// </summary>
    private RepoConfig Parse(string text, string name)
    {
        if (_parsed.TryGetValue((name, text), out var config))
        {
            return config;
        }

        config = RepoConfigReader.Read(text, name);
        if (_parsed.Count >= ParsedCacheSize)
        {
            _parsed.Clear();
        }

        _parsed[(name, text)] = config;
        return config;
    }
}
