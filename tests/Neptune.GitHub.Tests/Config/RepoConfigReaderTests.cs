using Neptune.GitHub.Config;

namespace Neptune.GitHub.Tests.Config;

public sealed class RepoConfigReaderTests
{
    private static RepoConfigException Fails(string yaml, string fileName = "neptune.yaml")
    {
        var e = Assert.Throws<RepoConfigException>(() => RepoConfigReader.Read(yaml, fileName));
        Assert.Equal(fileName, e.FileName);
        Assert.StartsWith(fileName, e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("YamlDotNet", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal);
        return e;
    }

    // ---- shapes that are accepted ----

    [Fact]
    public void Full_neptune_yaml_is_read_with_every_field()
    {
        var config = RepoConfigReader.Read(Fixtures.NeptuneFull, "neptune.yaml");

        Assert.Equal("neptune.yaml", config.FileName);
        Assert.Equal(3, config.Version);
        Assert.Equal(["network-prod", "network-staging", "top"], config.Roots.Select(r => r.Name));
        var prod = config.Roots[0];
        Assert.Equal("envs/prod/network", prod.Dir);
        Assert.Equal(["*.tf", "../../../modules/network/**", "!../../../modules/network/README.md"], prod.WhenModified);
        Assert.False(prod.UsesDefaultWhenModified);
        Assert.Equal("1.9.8", prod.TerraformVersion);
        Assert.Equal("careful", prod.Workflow);
        Assert.Equal(new Dictionary<string, string> { ["environment"] = "prod", ["project"] = "network" }, prod.Tags);
    }

    [Fact]
    public void Atlantis_yaml_is_read_with_when_modified_under_autoplan_and_atlantis_only_keys_ignored()
    {
        var config = RepoConfigReader.Read(Fixtures.AtlantisFull, "atlantis.yaml");

        Assert.Equal("atlantis.yaml", config.FileName);
        var app = Assert.Single(config.Roots);
        Assert.Equal("app", app.Name);
        Assert.Equal("project1", app.Dir);
        Assert.Equal(["../modules/**/*.tf", "*.tf*"], app.WhenModified);
        Assert.Equal("v0.11.0", app.TerraformVersion);
        Assert.Equal("myworkflow", app.Workflow);
        Assert.Empty(app.Tags);
    }

    [Fact]
    public void Atlantis_yaml_content_is_also_valid_as_neptune_yaml()
    {
        var config = RepoConfigReader.Read(Fixtures.AtlantisFull, "neptune.yaml");

        Assert.Equal("app", Assert.Single(config.Roots).Name);
    }

    [Fact]
    public void When_modified_is_read_directly_on_the_project()
    {
        var config = RepoConfigReader.Read("""
            version: 3
            projects:
              - name: a
                dir: a
                when_modified:
                  - "*.tf"
                  - "!generated.tf"
            """, "neptune.yaml");

        Assert.Equal(["*.tf", "!generated.tf"], config.Roots[0].WhenModified);
    }

    [Fact]
    public void Missing_when_modified_uses_the_default_patterns()
    {
        var config = RepoConfigReader.Read("version: 3\nprojects:\n  - name: a\n    dir: a\n", "neptune.yaml");

        Assert.True(config.Roots[0].UsesDefaultWhenModified);
        Assert.Equal(["**/*.tf*", "**/terragrunt.hcl"], config.Roots[0].WhenModified);
    }

    [Fact]
    public void Autoplan_without_when_modified_uses_the_default_patterns()
    {
        var config = RepoConfigReader.Read("version: 3\nprojects:\n  - name: a\n    dir: a\n    autoplan:\n      enabled: true\n", "atlantis.yaml");

        Assert.True(config.Roots[0].UsesDefaultWhenModified);
    }

    [Fact]
    public void Empty_when_modified_list_is_kept_and_matches_nothing()
    {
        var config = RepoConfigReader.Read("version: 3\nprojects:\n  - name: a\n    dir: a\n    when_modified: []\n", "neptune.yaml");

        Assert.False(config.Roots[0].UsesDefaultWhenModified);
        Assert.Empty(config.Roots[0].WhenModified);
        Assert.False(config.Roots[0].IsModifiedBy("a/main.tf"));
    }

    [Theory]
    [InlineData("./envs/prod/", "envs/prod")]
    [InlineData("envs//prod", "envs/prod")]
    [InlineData("envs/old/../prod", "envs/prod")]
    [InlineData(".", ".")]
    [InlineData("./", ".")]
    public void Dir_is_normalized(string dir, string expected)
    {
        var config = RepoConfigReader.Read($"version: 3\nprojects:\n  - name: a\n    dir: \"{dir}\"\n", "neptune.yaml");

        Assert.Equal(expected, config.Roots[0].Dir);
    }

    [Fact]
    public void Scalar_values_of_other_yaml_types_are_read_as_text()
    {
        var config = RepoConfigReader.Read("""
            version: 3
            projects:
              - name: 2024
                dir: "2024"
                terraform_version: 1.5
                tags: { tier: 1, public: true }
            """, "neptune.yaml");

        var root = config.Roots[0];
        Assert.Equal("2024", root.Name);
        Assert.Equal("1.5", root.TerraformVersion);
        Assert.Equal("1", root.Tags["tier"]);
        Assert.Equal("true", root.Tags["public"]);
    }

    [Fact]
    public void Empty_projects_list_means_no_roots()
    {
        Assert.Empty(RepoConfigReader.Read("version: 3\nprojects: []\n", "neptune.yaml").Roots);
        Assert.Empty(RepoConfigReader.Read("version: 3\nprojects:\n", "neptune.yaml").Roots);
    }

    [Fact]
    public void Same_dir_may_back_two_differently_named_roots()
    {
        var config = RepoConfigReader.Read("version: 3\nprojects:\n  - {name: a, dir: x}\n  - {name: b, dir: x}\n", "neptune.yaml");

        Assert.Equal(["a", "b"], config.Roots.Select(r => r.Name));
    }

    [Fact]
    public void Anchors_and_aliases_are_resolved()
    {
        var config = RepoConfigReader.Read("""
            version: 3
            projects:
              - name: a
                dir: a
                when_modified: &patterns ["*.tf", "../shared/**"]
              - name: b
                dir: b
                when_modified: *patterns
            """, "neptune.yaml");

        Assert.Equal(config.Roots[0].WhenModified, config.Roots[1].WhenModified);
        Assert.True(config.Roots[1].IsModifiedBy("shared/x.tf"));
    }

    [Fact]
    public void Find_root_looks_a_root_up_by_exact_name()
    {
        var config = RepoConfigReader.Read(Fixtures.NeptuneFull, "neptune.yaml");

        Assert.Equal("envs/staging/network", config.FindRoot("network-staging")?.Dir);
        Assert.Null(config.FindRoot("NETWORK-STAGING"));
    }

    [Fact]
    public void Autoplan_enabled_false_is_accepted_and_does_not_stop_merge_deploys()
    {
        var config = RepoConfigReader.Read("""
            version: 3
            projects:
              - name: a
                dir: a
                autoplan:
                  enabled: false
                  when_modified: ["*.tf"]
            """, "atlantis.yaml");

        Assert.True(config.Roots[0].IsModifiedBy("a/main.tf"));
    }

    [Fact]
    public void Empty_optional_sections_are_treated_as_absent()
    {
        var config = RepoConfigReader.Read("version: 3\nprojects:\n  - name: a\n    dir: a\n    autoplan:\n    tags:\n    when_modified:\n    terraform_version:\n", "neptune.yaml");

        var root = config.Roots[0];
        Assert.True(root.UsesDefaultWhenModified);
        Assert.Empty(root.Tags);
        Assert.Null(root.TerraformVersion);
    }

    [Fact]
    public void Root_config_built_in_code_is_validated_like_the_file()
    {
        Assert.Throws<ArgumentException>(() => new RootConfig("a", "../x"));
        Assert.Throws<ArgumentException>(() => new RootConfig("a/b", "x"));
        Assert.Throws<ArgumentException>(() => new RepoConfig("neptune.yaml", [new RootConfig("a", "x"), new RootConfig("A", "y")]));
        Assert.Equal("x", new RootConfig("a", "./x/").Dir);
    }

    // ---- file names ----

    [Theory]
    [InlineData("neptune.yml", "rename the file to 'neptune.yaml'")]
    [InlineData("atlantis.yml", "rename the file to 'atlantis.yaml'")]
    public void Yml_extension_is_an_error_with_a_clear_message(string fileName, string expected)
    {
        var e = Fails(Fixtures.NeptuneFull, fileName);

        Assert.Contains(expected, e.Reason, StringComparison.Ordinal);
        Assert.Null(e.Line);
    }

    [Fact]
    public void Other_file_names_are_rejected()
    {
        var e = Fails(Fixtures.NeptuneFull, "config/neptune.yaml");

        Assert.Contains("not a config file name", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Neptune_yaml_is_preferred_over_atlantis_yaml()
        => Assert.Equal(["neptune.yaml", "atlantis.yaml"], RepoConfigReader.FileNames);
}
