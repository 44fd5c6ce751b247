using Neptune.GitHub.Config;
using Neptune.GitHub.Roots;

namespace Neptune.GitHub.Tests.Roots;

public sealed class RootDetectionTests
{
    private const string Yaml = """
        version: 3
        projects:
          - name: network-prod
            dir: envs/prod/network
            when_modified: ["*.tf", "../../../modules/network/**"]
            tags: { environment: prod, project: network }
          - name: network-staging
            dir: envs/staging/network
            autoplan:
              when_modified: ["*.tf", "../../../modules/network/**", "!../../../modules/network/prod-only/**"]
          - name: dns
            dir: dns
          - name: top
            dir: .
            when_modified: ["*.tf"]
        """;

    private static readonly RepoConfig Config = RepoConfigReader.Read(Yaml, "neptune.yaml");

    private static string[] Names(IEnumerable<RootConfig> roots) => [.. roots.Select(r => r.Name)];

    [Fact]
    public void File_in_one_root_modifies_only_that_root()
    {
        var roots = RootDetection.ModifiedRoots(Config, ["envs/prod/network/main.tf"]);

        Assert.Equal(["network-prod"], Names(roots));
    }

    [Fact]
    public void Shared_module_change_modifies_every_root_that_points_at_it()
    {
        var roots = RootDetection.ModifiedRoots(Config, ["modules/network/vpc.tf"]);

        Assert.Equal(["network-prod", "network-staging"], Names(roots));
    }

    [Fact]
    public void Exclusion_in_one_root_does_not_affect_another()
    {
        var roots = RootDetection.ModifiedRoots(Config, ["modules/network/prod-only/peering.tf"]);

        Assert.Equal(["network-prod"], Names(roots));
    }

    [Fact]
    public void Whole_range_counts_not_just_the_head_commit()
    {
        // before..after spans two commits: one touched dns, a later one touched staging.
        var roots = RootDetection.ModifiedRoots(Config, ["dns/zones.tf", "envs/staging/network/main.tf"]);

        Assert.Equal(["network-staging", "dns"], Names(roots));
    }

    [Fact]
    public void Renamed_file_counts_under_both_names()
    {
        var moved = new ChangedFile("envs/prod/network/lb.tf", PreviousPath: "dns/lb.tf");

        var roots = RootDetection.ModifiedRoots(Config, [moved]);

        Assert.Equal(["network-prod", "dns"], Names(roots));
    }

    [Fact]
    public void Unmatched_changes_modify_no_root()
    {
        var roots = RootDetection.ModifiedRoots(Config, ["README.md", "docs/guide.md", "envs/prod/network/notes.md"]);

        Assert.Empty(roots);
    }

    [Fact]
    public void Roots_come_back_once_in_file_order()
    {
        var roots = RootDetection.ModifiedRoots(Config, ["main.tf", "dns/a.tf", "dns/b.tf", "envs/prod/network/main.tf"]);

        Assert.Equal(["network-prod", "dns", "top"], Names(roots));
    }

    [Fact]
    public void Root_whose_dir_does_not_exist_is_skipped()
    {
        var asked = new List<string>();
        var roots = RootDetection.ModifiedRoots(
            Config,
            ["dns/zones.tf", "envs/prod/network/main.tf", "main.tf"],
            dir =>
            {
                asked.Add(dir);
                return dir != "dns";
            });

        Assert.Equal(["network-prod", "top"], Names(roots));
        Assert.Equal(["envs/prod/network", "dns"], asked); // only modified roots, never '.'
    }

    [Fact]
    public async Task Async_directory_check_skips_missing_dirs()
    {
        var roots = await RootDetection.ModifiedRootsAsync(
            Config,
            [new ChangedFile("dns/zones.tf"), new ChangedFile("envs/prod/network/main.tf")],
            (dir, _) => ValueTask.FromResult(dir == "dns"));

        Assert.Equal(["dns"], Names(roots));
    }

    [Fact]
    public void Deleted_root_dir_reported_missing_skips_the_root_even_though_its_files_changed()
    {
        // The whole dns dir was deleted in the push: its files are in the change list but the dir is gone.
        var roots = RootDetection.ModifiedRoots(Config, ["dns/zones.tf", "dns/main.tf"], _ => false);

        Assert.Empty(roots);
    }

    [Fact]
    public void Tags_and_dir_of_detected_roots_are_available_for_the_revision_request()
    {
        var root = Assert.Single(RootDetection.ModifiedRoots(Config, ["envs/prod/network/main.tf"]));

        Assert.Equal("envs/prod/network", root.Dir);
        Assert.Equal("prod", root.Tags["environment"]);
        Assert.Equal("network", root.Tags["project"]);
        Assert.Equal("acme/infra||network-prod", root.Target(Neptune.Model.RepoRef.Parse("acme/infra")).Id);
    }

    [Fact]
    public void Changed_path_escaping_the_repository_is_rejected()
        => Assert.Throws<ArgumentException>(() => RootDetection.ModifiedRoots(Config, ["../etc/passwd"]));
}
