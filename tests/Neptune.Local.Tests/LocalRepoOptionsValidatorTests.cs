using Neptune.Local.Tests.Support;

namespace Neptune.Local.Tests;

/// <summary>Every bad setting of <c>Neptune:Local</c> is refused with a message naming the key and the fix.</summary>
public sealed class LocalRepoOptionsValidatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-local-options-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IReadOnlyList<string> Failures(LocalRepoOptions options) =>
        new LocalRepoOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static LocalRepoOptions With(params LocalRepo[] repos)
    {
        var options = new LocalRepoOptions();
        foreach (var repo in repos)
        {
            options.Repos.Add(repo);
        }

        return options;
    }

    [Fact]
    public void A_working_copy_and_a_bare_repository_are_accepted_with_default_names_and_branch()
    {
        var work = new TestRepo(Path.Combine(_root, "infra"));
        var bare = new TestRepo(Path.Combine(_root, "network.git"), bare: true);
        var options = With(new LocalRepo { Path = work.Path + "/" }, new LocalRepo { Path = bare.Path });

        Assert.Empty(Failures(options));
        Assert.Equal("local/infra", options.Repos[0].EffectiveName);
        Assert.Equal(work.Path, options.Repos[0].FullPath);
        Assert.Equal("local/network", options.Repos[1].EffectiveName);
        Assert.Equal("main", options.Repos[0].DefaultBranch);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
    }

    [Fact]
    public void Missing_path_and_a_folder_that_is_no_repository_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "plain"));
        var failures = Failures(With(
            new LocalRepo { Path = Path.Combine(_root, "nowhere") },
            new LocalRepo { Path = Path.Combine(_root, "plain") },
            new LocalRepo { Path = " " }));

        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos:0:Path '", StringComparison.Ordinal) && f.Contains("does not exist", StringComparison.Ordinal) && f.Contains("git init", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos:1:Path '", StringComparison.Ordinal) && f.Contains("is not a git repository", StringComparison.Ordinal));
        Assert.Contains("Neptune:Local:Repos:2:Path is empty; set it to the directory of a git repository on this machine.", failures);
    }

    [Fact]
    public void Two_repositories_with_one_name_are_refused_naming_both_keys()
    {
        var one = new TestRepo(Path.Combine(_root, "a", "infra"));
        var two = new TestRepo(Path.Combine(_root, "b", "infra"));

        var failures = Failures(With(new LocalRepo { Path = one.Path }, new LocalRepo { Path = two.Path }));

        Assert.Equal(
            ["Neptune:Local:Repos:1 and Neptune:Local:Repos:0 are both named 'local/infra'; every repository needs its own name (set Neptune:Local:Repos:1:Name, e.g. 'local/other-infra')."],
            failures);
        Assert.Empty(Failures(With(new LocalRepo { Path = one.Path }, new LocalRepo { Path = two.Path, Name = "local/infra-b" })));
    }

    [Fact]
    public void Bad_names_are_refused_with_the_fix()
    {
        var spaced = new TestRepo(Path.Combine(_root, "my infra"));
        var ok = new TestRepo(Path.Combine(_root, "ok"));

        var failures = Failures(With(new LocalRepo { Path = spaced.Path }, new LocalRepo { Path = ok.Path, Name = "no-slash" }, new LocalRepo { Path = ok.Path, Name = "acme/in fra" }));

        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos:0:Name 'local/my infra' is not a repository name", StringComparison.Ordinal) && f.Contains("set Neptune:Local:Repos:0:Name to 'owner/repo'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos:1:Name 'no-slash' is not a repository name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos:2:Name 'acme/in fra' is not a repository name", StringComparison.Ordinal));
    }

    [Fact]
    public void No_repositories_a_non_positive_interval_a_bad_branch_and_a_blank_state_file_are_refused()
    {
        var repo = new TestRepo(Path.Combine(_root, "infra"));
        var options = new LocalRepoOptions { PollInterval = TimeSpan.Zero, StateFile = " " };

        var failures = Failures(options);
        options.Repos.Add(new LocalRepo { Path = repo.Path, DefaultBranch = "bad branch" });
        var branch = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:Repos lists no repository;", StringComparison.Ordinal));
        Assert.Contains("Neptune:Local:PollInterval is 00:00:00; set it above zero (e.g. 00:00:02), how often each repository is checked for new commits.", failures);
        Assert.Contains(failures, f => f.StartsWith("Neptune:Local:StateFile is blank;", StringComparison.Ordinal));
        Assert.Contains("Neptune:Local:Repos:0:DefaultBranch is 'bad branch', which is not a branch name; set it to the branch whose commits deploy (default 'main').", branch);
        Assert.Contains(Failures(new LocalRepoOptions { PollInterval = TimeSpan.FromSeconds(-1) }), f => f.StartsWith("Neptune:Local:PollInterval is -00:00:01;", StringComparison.Ordinal));
    }
}
