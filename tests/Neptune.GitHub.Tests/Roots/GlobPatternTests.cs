using Neptune.GitHub.Roots;

namespace Neptune.GitHub.Tests.Roots;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("envs/prod/main.tf", "envs/prod/main.tf", true)]
    [InlineData("envs/prod/main.tf", "envs/prod/Main.tf", false)]
    [InlineData("envs/prod/main.tf", "envs/prod/main.tf.bak", false)]
    public void Literal_patterns_match_the_whole_path_case_sensitively(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Theory]
    [InlineData("*.tf", "main.tf", true)]
    [InlineData("*.tf", ".hidden.tf", true)]
    [InlineData("*.tf", "sub/main.tf", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void Star_matches_inside_one_segment_only(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Theory]
    [InlineData("**/*.tf", "main.tf", true)]
    [InlineData("**/*.tf", "a/b/c/main.tf", true)]
    [InlineData("a/**/z.tf", "a/z.tf", true)]
    [InlineData("a/**/z.tf", "a/b/c/z.tf", true)]
    [InlineData("a/**/z.tf", "b/a/z.tf", false)]
    [InlineData("**", "any/thing/at/all", true)]
    [InlineData("a/**", "a/x/y", true)]
    public void Double_star_segment_matches_zero_or_more_directories(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Fact]
    public void Double_star_inside_a_segment_acts_like_a_single_star()
    {
        var glob = GlobPattern.Parse("x**.tf");

        Assert.True(glob.IsMatch("xyz.tf"));
        Assert.False(glob.IsMatch("x/y.tf"));
    }

    [Theory]
    [InlineData("v?.tf", "v1.tf", true)]
    [InlineData("v?.tf", "v12.tf", false)]
    [InlineData("v?.tf", "v.tf", false)]
    public void Question_mark_matches_exactly_one_character(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Theory]
    [InlineData("env[12].tf", "env1.tf", true)]
    [InlineData("env[12].tf", "env3.tf", false)]
    [InlineData("env[a-c].tf", "envb.tf", true)]
    [InlineData("env[!a-c].tf", "envb.tf", false)]
    [InlineData("env[^a-c].tf", "envd.tf", true)]
    public void Character_sets_match_one_character_with_ranges_and_negation(string pattern, string path, bool expected)
        => Assert.Equal(expected, GlobPattern.Parse(pattern).IsMatch(path));

    [Fact]
    public void Unclosed_character_set_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => GlobPattern.Parse("env[12.tf"));
        Assert.Contains("without a closing ']'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ancestor_match_covers_every_file_below_a_matched_directory()
    {
        var glob = GlobPattern.Parse("modules/*");

        Assert.True(glob.IsMatchOrAncestor("modules/vpc/main.tf"));
        Assert.False(glob.IsMatch("modules/vpc/main.tf"));
        Assert.False(glob.IsMatchOrAncestor("other/vpc/main.tf"));
    }
}
