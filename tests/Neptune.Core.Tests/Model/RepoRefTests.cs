using Neptune.Model;

namespace Neptune.Tests.Model;

public class RepoRefTests
{
    [Fact]
    public void FullName_is_owner_slash_name_and_parses_back()
    {
        var repo = new RepoRef("acme", "infra.tf-live_2");

        Assert.Equal("acme/infra.tf-live_2", repo.FullName);
        Assert.Equal(repo, RepoRef.Parse(repo.FullName));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("acme/")]
    [InlineData("/infra")]
    [InlineData("a/b/c")]
    [InlineData("")]
    public void Parse_refuses_text_that_is_not_owner_slash_name(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => RepoRef.Parse(text));

        Assert.Contains("of the form 'owner/name'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "infra", "owner", "repository owner must not be empty")]
    [InlineData("acme", "  ", "name", "repository name must not be empty")]
    [InlineData("acme", "in fra", "name", "contains ' '")]
    [InlineData("ac:me", "infra", "owner", "contains ':'")]
    [InlineData("acme", "..", "name", "must not be '..'")]
    [InlineData("acme", ".", "name", "must not be '.'")]
    public void Constructor_refuses_invalid_parts_and_names_the_part(string owner, string name, string parameter, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new RepoRef(owner, name));

        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_longer_than_100_characters_are_refused_without_echoing_them_whole()
    {
        var name = new string('n', 5_000);

        var e = Assert.Throws<ArgumentException>(() => new RepoRef("acme", name));

        Assert.Contains("5000 characters long; at most 100", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_exactly_100_characters_is_accepted()
    {
        var name = new string('n', 100);

        Assert.Equal(name, new RepoRef("acme", name).Name);
    }
}
