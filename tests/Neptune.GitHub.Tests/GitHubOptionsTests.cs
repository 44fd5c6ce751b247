namespace Neptune.GitHub.Tests;

public sealed class GitHubOptionsTests
{
    [Fact]
    public void Defaults_point_at_public_github_without_credentials()
    {
        var options = new GitHubOptions();

        Assert.Equal("https://api.github.com/", options.ApiUrl);
        Assert.Null(options.Token);
        Assert.Equal("Neptune:GitHub", GitHubOptions.SectionName);
    }
}
