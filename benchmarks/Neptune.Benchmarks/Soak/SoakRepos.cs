using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Neptune.Benchmarks.Soak;

/// <summary>One push of the soak: which repository and root it changes, and the commits it moves the default branch between.</summary>
/// <param name="Number">The push's sequence number, from 0.</param>
/// <param name="Repo">The repository name (owner <see cref="SoakRepos.Owner"/>).</param>
/// <param name="Root">The root whose <c>main.tf</c> the pushed commit modifies.</param>
/// <param name="Before">The branch's previous head.</param>
/// <param name="After">The pushed commit.</param>
/// <param name="Index">The pushed commit's position in its repository's history (0 is the initial commit).</param>
public sealed record SoakPush(int Number, string Repo, string Root, string Before, string After, int Index)
{
    /// <summary>The deploy target's id, <c>owner/repo||root</c>.</summary>
    public string Target => $"{SoakRepos.Owner}/{Repo}||{Root}";
}

/// <summary>
/// Real bare git repositories for the soak, written in one <c>git fast-import</c> per repository: <c>targets / 2</c>
/// repositories with two roots each (<c>prod</c>, <c>staging</c>), an initial commit with <c>neptune.yaml</c> and both
/// roots, then one commit per push, in push order: push <c>n</c> changes target <c>n mod targets</c>, so every target
/// gets its merges in history order and each is ahead of the one before. The workers fetch these repositories (they are
/// the clone URLs); the fake GitHub answers from the same history.
/// </summary>
public sealed class SoakRepos
{
    /// <summary>The owner of every repository (the allowlist is <c>acme/*</c>).</summary>
    public const string Owner = "acme";

    /// <summary>The default branch.</summary>
    public const string DefaultBranch = "main";

    /// <summary>Each repository's roots.</summary>
    public static readonly IReadOnlyList<string> Roots = ["prod", "staging"];

    /// <summary>The repository config every commit carries.</summary>
    public const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
            tags: { environment: production }
          - name: staging
            dir: envs/staging
        """;

    /// <summary>The terraform stand-in's settings in every root: one resource to create, so each merge plans and applies.</summary>
    public const string StandIn = """{"changes": 1}""";

    private readonly Dictionary<string, Dictionary<string, int>> _index = new(StringComparer.Ordinal);

    private SoakRepos(string reposDir, IReadOnlyList<SoakPush> pushes, IReadOnlyDictionary<string, IReadOnlyList<string>> history)
    {
        ReposDir = reposDir;
        Pushes = pushes;
        History = history;
        foreach (var (repo, shas) in history)
        {
            _index[repo] = shas.Select((sha, i) => (sha, i)).ToDictionary(x => x.sha, x => x.i, StringComparer.Ordinal);
        }
    }

    /// <summary>The folder holding <c>acme/&lt;repo&gt;</c> bare repositories (the clone URL is <c>ReposDir/{owner}/{repo}</c>).</summary>
    public string ReposDir { get; }

    /// <summary>Every push, in the order they are sent.</summary>
    public IReadOnlyList<SoakPush> Pushes { get; }

    /// <summary>Each repository's commits, oldest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> History { get; }

    /// <summary>The repository name of target <paramref name="target"/> (0-based).</summary>
    public static string RepoName(int target) => "infra-" + (target / Roots.Count).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The position of <paramref name="sha"/> in <paramref name="repo"/>'s history, or -1 when it is not one of its commits.</summary>
    public int IndexOf(string repo, string sha) =>
        _index.TryGetValue(repo, out var shas) && shas.TryGetValue(sha, out var i) ? i : -1;

    /// <summary>Writes the repositories under <paramref name="reposDir"/> for <paramref name="webhooks"/> pushes over <paramref name="targets"/> targets.</summary>
    public static async Task<SoakRepos> CreateAsync(string reposDir, int webhooks, int targets)
    {
        if (targets < Roots.Count || targets % Roots.Count != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targets), targets, $"The number of targets must be a positive multiple of {Roots.Count} (roots per repository).");
        }

        // Which pushes go to which repository, in order.
        var perRepo = new Dictionary<string, List<(int Number, string Root)>>(StringComparer.Ordinal);
        for (var t = 0; t < targets; t++)
        {
            perRepo[RepoName(t)] = [];
        }

        for (var n = 0; n < webhooks; n++)
        {
            var t = n % targets;
            perRepo[RepoName(t)].Add((n, Roots[t % Roots.Count]));
        }

        var history = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var pushes = new SoakPush[webhooks];
        await Parallel.ForEachAsync(perRepo, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (entry, ct) =>
        {
            var (repo, repoPushes) = entry;
            var dir = Path.Combine(reposDir, Owner, repo);
            Directory.CreateDirectory(dir);
            await GitAsync(dir, null, "init", "--quiet", "--bare", "-b", DefaultBranch).ConfigureAwait(false);
            await GitAsync(dir, FastImport(repoPushes), "fast-import", "--quiet").ConfigureAwait(false);
            var shas = (await GitAsync(dir, null, "rev-list", "--reverse", DefaultBranch).ConfigureAwait(false))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (shas.Length != repoPushes.Count + 1)
            {
                throw new InvalidOperationException($"{repo} has {shas.Length} commits, expected {repoPushes.Count + 1}.");
            }

            lock (history)
            {
                history[repo] = shas;
                for (var i = 0; i < repoPushes.Count; i++)
                {
                    var (number, root) = repoPushes[i];
                    pushes[number] = new SoakPush(number, repo, root, shas[i], shas[i + 1], i + 1);
                }
            }
        }).ConfigureAwait(false);
        return new SoakRepos(reposDir, pushes, history);
    }

    /// <summary>The fast-import stream: the initial commit, then one commit per push changing its root's <c>main.tf</c>.</summary>
    private static string FastImport(List<(int Number, string Root)> pushes)
    {
        var s = new StringBuilder();
        var time = 1_700_000_000L;
        void Commit(string message, IEnumerable<(string Path, string Content)> files)
        {
            s.Append("commit refs/heads/").Append(DefaultBranch).Append('\n');
            s.Append("committer Soak <soak@example.com> ").Append(time++).Append(" +0000\n");
            Data(message);
            foreach (var (path, content) in files)
            {
                s.Append("M 100644 inline ").Append(path).Append('\n');
                Data(content);
            }

            s.Append('\n');
        }

        void Data(string text)
        {
            s.Append("data ").Append(Encoding.UTF8.GetByteCount(text)).Append('\n').Append(text).Append('\n');
        }

        Commit("initial", [
            ("neptune.yaml", Config + "\n"),
            .. Roots.SelectMany(r => new[] { ($"envs/{r}/main.tf", MainTf(r, -1)), ($"envs/{r}/.standin.json", StandIn + "\n") })]);
        foreach (var (number, root) in pushes)
        {
            Commit($"Merge pull request #{number + 1} from acme/change-{number}", [($"envs/{root}/main.tf", MainTf(root, number))]);
        }

        s.Append("done\n");
        return s.ToString();
    }

    private static string MainTf(string root, int push) =>
        string.Create(CultureInfo.InvariantCulture, $"# {root}, push {push}\nresource \"null_resource\" \"{root}\" {{}}\n");

    private static async Task<string> GitAsync(string dir, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await p.StandardInput.WriteAsync(input).ConfigureAwait(false);
            p.StandardInput.Close();
        }

        await p.WaitForExitAsync().ConfigureAwait(false);
        return p.ExitCode == 0 ? await output.ConfigureAwait(false) : throw new InvalidOperationException($"git {string.Join(' ', args)}: {await error.ConfigureAwait(false)}");
    }
}
