using Neptune.GitHub.Roots;

namespace Neptune.GitHub.Tests.Roots;

/// <summary>One test per <c>when_modified</c> rule of spec §2.</summary>
public sealed class WhenModifiedTests
{
    [Fact]
    public void Patterns_are_relative_to_the_root_dir()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", ["*.tf"]);

        Assert.True(matcher.Matches("envs/prod/main.tf"));
        Assert.False(matcher.Matches("main.tf"));
        Assert.False(matcher.Matches("envs/staging/main.tf"));
    }

    [Fact]
    public void Root_dir_is_a_directory_not_a_name_prefix()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", null);

        Assert.False(matcher.Matches("envs/production/main.tf"));
    }

    [Fact]
    public void Root_at_repository_top_uses_patterns_as_written()
    {
        var matcher = new WhenModifiedMatcher(".", ["*.tf"]);

        Assert.True(matcher.Matches("main.tf"));
        Assert.False(matcher.Matches("sub/main.tf"));
    }

    [Fact]
    public void Dot_dot_reaches_outside_the_root_dir()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", ["*.tf", "../../modules/**/*.tf"]);

        Assert.True(matcher.Matches("modules/vpc/main.tf"));
        Assert.False(matcher.Matches("envs/modules/vpc/main.tf"));
    }

    [Fact]
    public void Pattern_naming_a_directory_covers_every_file_below_it()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", ["../../modules"]);

        Assert.True(matcher.Matches("modules/vpc/variables.tf"));
        Assert.True(matcher.Matches("modules/README.md"));
        Assert.False(matcher.Matches("modules-old/main.tf"));
    }

    [Fact]
    public void Exclamation_mark_excludes_what_earlier_patterns_matched()
    {
        var matcher = new WhenModifiedMatcher("app", ["**/*.tf", "!legacy/**"]);

        Assert.True(matcher.Matches("app/main.tf"));
        Assert.False(matcher.Matches("app/legacy/old.tf"));
    }

    [Fact]
    public void Later_pattern_overrides_an_earlier_exclusion()
    {
        var matcher = new WhenModifiedMatcher("app", ["**/*.tf", "!legacy/**", "legacy/keep.tf"]);

        Assert.True(matcher.Matches("app/legacy/keep.tf"));
        Assert.False(matcher.Matches("app/legacy/drop.tf"));
    }

    [Fact]
    public void Order_matters_an_exclusion_before_the_inclusion_is_overridden()
    {
        var excludeFirst = new WhenModifiedMatcher("app", ["!secret.tf", "*.tf"]);
        var excludeLast = new WhenModifiedMatcher("app", ["*.tf", "!secret.tf"]);

        Assert.True(excludeFirst.Matches("app/secret.tf"));
        Assert.False(excludeLast.Matches("app/secret.tf"));
    }

    [Fact]
    public void Only_exclusions_match_nothing()
    {
        var matcher = new WhenModifiedMatcher("app", ["!docs/**"]);

        Assert.False(matcher.Matches("app/main.tf"));
        Assert.False(matcher.Matches("app/docs/a.md"));
    }

    [Fact]
    public void Double_star_matches_across_directories_below_the_root()
    {
        var matcher = new WhenModifiedMatcher("infra", ["**/*.tf"]);

        Assert.True(matcher.Matches("infra/main.tf"));
        Assert.True(matcher.Matches("infra/a/b/c/deep.tf"));
        Assert.False(matcher.Matches("infra/a/b/c/deep.md"));
    }

    [Fact]
    public void Default_patterns_are_tf_star_and_terragrunt_hcl()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", null);

        Assert.Equal(["**/*.tf*", "**/terragrunt.hcl"], matcher.Patterns);
        Assert.True(matcher.Matches("envs/prod/main.tf"));
        Assert.True(matcher.Matches("envs/prod/prod.tfvars"));
        Assert.True(matcher.Matches("envs/prod/nested/terragrunt.hcl"));
        Assert.False(matcher.Matches("envs/prod/README.md"));
        Assert.False(matcher.Matches("envs/prod/other.hcl"));
    }

    [Fact]
    public void Explicit_empty_list_matches_nothing()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", []);

        Assert.False(matcher.Matches("envs/prod/main.tf"));
    }

    [Fact]
    public void Pattern_escaping_the_repository_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new WhenModifiedMatcher("envs", ["../../x/*.tf"]));
        Assert.Contains("reaches outside the repository", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absolute_pattern_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new WhenModifiedMatcher("envs", ["/modules/*.tf"]));
        Assert.Contains("absolute", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!")]
    public void Empty_pattern_is_rejected(string pattern)
        => Assert.Throws<ArgumentException>(() => new WhenModifiedMatcher("envs", [pattern]));
}

public sealed class WhenModifiedEdgeTests
{
    [Fact]
    public void Excluding_a_directory_by_name_excludes_everything_below_it()
    {
        var matcher = new WhenModifiedMatcher("app", ["**", "!docs"]);

        Assert.True(matcher.Matches("app/main.tf"));
        Assert.False(matcher.Matches("app/docs/deep/guide.tf"));
    }

    [Fact]
    public void Dot_dot_inside_a_pattern_is_resolved_before_matching()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", ["sub/../*.tf", "./vars/*.tfvars"]);

        Assert.True(matcher.Matches("envs/prod/main.tf"));
        Assert.True(matcher.Matches("envs/prod/vars/a.tfvars"));
        Assert.False(matcher.Matches("envs/prod/sub/main.tf"));
    }

    [Fact]
    public void Changed_paths_are_normalized_before_matching()
    {
        var matcher = new WhenModifiedMatcher("envs/prod", ["*.tf"]);

        Assert.True(matcher.Matches("./envs/prod/main.tf"));
    }
}
