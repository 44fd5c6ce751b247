namespace Neptune.Git.Tests;

public sealed class GitOptionsValidatorTests
{
    private readonly GitOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new GitOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("git", options.Path);
        Assert.Equal("https://github.com/{owner}/{repo}.git", options.CloneUrl);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Timeout);
        Assert.Null(options.Token);
        Assert.Empty(options.Repositories);
    }

    [Theory]
    [InlineData("file:///srv/repos/{owner}/{repo}.git")]
    [InlineData("/srv/repos/{owner}/{repo}.git")]
    [InlineData("https://git.example.com/mirror/{owner}-{repo}.git")]
    [InlineData("ssh://git@github.com/{owner}/{repo}.git")]
    [InlineData("git@github.com:{owner}/{repo}.git")]
    public void Local_and_remote_templates_are_accepted(string template) =>
        Assert.True(_validator.Validate(null, new GitOptions { CloneUrl = template }).Succeeded);

    [Theory]
    [InlineData("https://github.com/acme/infra.git")]
    [InlineData("https://github.com/{owner}/infra.git")]
    [InlineData("/srv/repos/{repo}.git")]
    public void A_template_without_both_placeholders_names_the_key(string template)
    {
        var failure = Assert.Single(_validator.Validate(null, new GitOptions { CloneUrl = template }).Failures!);

        Assert.StartsWith("Neptune:Git:CloneUrl must contain {owner} and {repo}, e.g. 'https://github.com/{owner}/{repo}.git'", failure);
        Assert.Contains($"it is '{template}'", failure);
    }

    [Theory]
    [InlineData("repos/{owner}/{repo}.git")]
    [InlineData("ftp://example.com/{owner}/{repo}.git")]
    [InlineData("-uupload-pack=x/{owner}/{repo}")]
    public void A_template_git_cannot_use_safely_is_refused(string template)
    {
        var failure = Assert.Single(_validator.Validate(null, new GitOptions { CloneUrl = template }).Failures!);

        Assert.StartsWith("Neptune:Git:CloneUrl is '", failure);
    }

    [Fact]
    public void A_password_in_the_url_is_refused_and_not_repeated()
    {
        var failure = Assert.Single(_validator.Validate(null, new GitOptions { CloneUrl = "https://x-access-token:ghs_secret@github.com/{owner}/{repo}.git" }).Failures!);

        Assert.Equal("Neptune:Git:CloneUrl is 'https://***@github.com/owner/repo.git', which carries a password; put the token in Neptune:Git:Token instead, so it never shows in arguments or logs.", failure);
    }

    [Fact]
    public void Repository_overrides_need_owner_slash_repo_keys_and_usable_urls()
    {
        var options = new GitOptions();
        options.Repositories["acme/infra"] = "/srv/mirror/infra.git";
        options.Repositories["no-slash"] = "/srv/x.git";
        options.Repositories["acme/relative"] = "mirror/relative.git";
        options.Repositories["acme/blank"] = " ";

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
        Assert.Contains("Neptune:Git:Repositories has the key 'no-slash', which is not a repository name of the form 'owner/repo'.", failures);
        Assert.Contains(failures, f => f.StartsWith("Neptune:Git:Repositories:acme/relative is 'mirror/relative.git', which is neither", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Neptune:Git:Repositories:acme/blank is empty;", StringComparison.Ordinal));
    }

    [Fact]
    public void Path_token_and_timeout_are_checked_with_the_key_named()
    {
        var options = new GitOptions { Path = "", Token = " ", Timeout = TimeSpan.Zero };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
        Assert.StartsWith("Neptune:Git:Path is empty;", failures[0]);
        Assert.StartsWith("Neptune:Git:Token is blank or holds control characters;", failures[1]);
        Assert.Equal("Neptune:Git:Timeout is 00:00:00; set it above zero (e.g. 00:10:00), the time one fetch or compare may take.", failures[2]);
    }

    [Fact]
    public void A_token_with_a_line_break_is_refused_so_it_cannot_inject_headers() =>
        Assert.False(_validator.Validate(null, new GitOptions { Token = "ghs_abc\r\nX-Evil: 1" }).Succeeded);
}
