using Neptune.GitHub.Config;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.GitHub.Tests.Intake;

/// <summary>The config cache: by sha, and one parse per distinct file content.</summary>
public sealed class RepoConfigSourceTests
{
    private const string Config = "version: 3\nprojects:\n  - name: prod\n    dir: envs/prod\n";
    private static readonly RepoRef Repo = new("acme", "infra");
    private static readonly string Sha1 = new('1', 40);
    private static readonly string Sha2 = new('2', 40);

    [Fact]
    public async Task Same_file_at_two_shas_is_read_twice_and_parsed_once()
    {
        var reader = new Files { [Sha1] = Config, [Sha2] = Config };
        var source = new RepoConfigSource(reader);

        var first = await source.GetAsync(Repo, Sha1);
        var second = await source.GetAsync(Repo, Sha2);

        Assert.Equal(2, reader.Reads);
        Assert.Same(first, second);
        Assert.Equal("prod", Assert.Single(second!.Roots).Name);
    }

    [Fact]
    public async Task Changed_file_is_parsed_again()
    {
        var source = new RepoConfigSource(new Files { [Sha1] = Config, [Sha2] = Config.Replace("prod", "staging", StringComparison.Ordinal) });

        Assert.Equal("prod", Assert.Single((await source.GetAsync(Repo, Sha1))!.Roots).Name);
        Assert.Equal("staging", Assert.Single((await source.GetAsync(Repo, Sha2))!.Roots).Name);
    }

    [Fact]
    public async Task Broken_file_fails_at_every_sha()
    {
        const string Broken = "version: 3\nprojects:\n  - name: prod\n";
        var source = new RepoConfigSource(new Files { [Sha1] = Broken, [Sha2] = Broken });

        var first = await Assert.ThrowsAsync<RepoConfigException>(() => source.GetAsync(Repo, Sha1));
        var second = await Assert.ThrowsAsync<RepoConfigException>(() => source.GetAsync(Repo, Sha2));

        Assert.Equal(first.Message, second.Message);
    }

    /// <summary><c>neptune.yaml</c> by sha; no other file exists.</summary>
    private sealed class Files : Dictionary<string, string>, IRepositoryReader
    {
        public int Reads { get; private set; }

        public Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default)
        {
            Reads += path == RepoConfigReader.NeptuneFileName ? 1 : 0;
            return Task.FromResult(path == RepoConfigReader.NeptuneFileName && TryGetValue(sha, out var text) ? text : null);
        }

        public Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<IReadOnlyList<ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ChangedFile>>([]);

        public Task<IReadOnlyList<ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ChangedFile>>([]);
    }
}
