using Microsoft.Extensions.Options;

namespace Neptune.GitHub.Tests;

public sealed class GitHubOptionsTests
{
    private static GitHubOptions Valid() => new() { Token = "ghp_test" };

    private static IReadOnlyList<string> Failures(GitHubOptions options)
    {
        var result = new GitHubOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void Defaults_point_at_public_github_and_the_local_dashboard()
    {
        var options = new GitHubOptions();

        Assert.Equal("https://api.github.com/", options.ApiUrl);
        Assert.Equal("https://github.com/", options.WebUrl);
        Assert.Equal("http://127.0.0.1:5080/", options.NeptuneBaseUrl);
        Assert.Null(options.Token);
        Assert.Equal(5, options.MaxAttempts);
        Assert.Equal("Neptune:GitHub", GitHubOptions.SectionName);
    }

    [Fact]
    public void Defaults_with_a_token_are_valid()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void Missing_token_is_reported_naming_the_key()
    {
        var failure = Assert.Single(Failures(new GitHubOptions()));

        Assert.StartsWith("Neptune:GitHub:Token is not set", failure, StringComparison.Ordinal);
        Assert.Contains("GitHub App", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ghp_a b")]
    [InlineData("ghp_a\nb")]
    public void Blank_or_malformed_token_is_reported_without_echoing_it(string token)
    {
        var failure = Assert.Single(Failures(new GitHubOptions { Token = token }));

        Assert.StartsWith("Neptune:GitHub:Token is blank", failure, StringComparison.Ordinal);
        if (token.Trim().Length > 0)
        {
            Assert.DoesNotContain(token, failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("api.github.com")]
    [InlineData("/api/v3/")]
    [InlineData("ftp://github.example.com/")]
    public void ApiUrl_must_be_an_absolute_http_url(string url)
    {
        var options = Valid();
        options.ApiUrl = url;

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Neptune:GitHub:ApiUrl ", failure, StringComparison.Ordinal);
        Assert.Contains("https://api.github.com/", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiUrl_with_a_query_or_credentials_is_refused_without_echoing_the_secret()
    {
        var options = Valid();
        options.ApiUrl = "https://user:secret@github.example.com/api/v3/?x=1";

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Neptune:GitHub:ApiUrl ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_and_dashboard_urls_are_checked_too()
    {
        var options = Valid();
        options.WebUrl = "github.com";
        options.NeptuneBaseUrl = "not a url";

        var failures = Failures(options);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Neptune:GitHub:WebUrl ", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Neptune:GitHub:NeptuneBaseUrl ", failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_settings_must_be_positive_and_ordered()
    {
        var options = Valid();
        options.MaxAttempts = 0;
        options.RetryBaseDelay = TimeSpan.Zero;
        options.RetryMaxDelay = TimeSpan.FromSeconds(-1);

        var failures = Failures(options);

        Assert.Collection(
            failures,
            f => Assert.StartsWith("Neptune:GitHub:MaxAttempts is 0", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Neptune:GitHub:RetryBaseDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Neptune:GitHub:RetryMaxDelay ", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://github.example.com/api/v3", "https://github.example.com/api/v3/")]
    [InlineData("https://github.example.com/api/v3/", "https://github.example.com/api/v3/")]
    [InlineData(" https://api.github.com ", "https://api.github.com/")]
    public void Base_uris_always_end_with_a_slash(string configured, string expected)
    {
        var options = Valid();
        options.ApiUrl = configured;
        options.NeptuneBaseUrl = configured;

        Assert.Empty(Failures(options));
        Assert.Equal(expected, options.ApiBaseUri().AbsoluteUri);
        Assert.Equal(expected, options.NeptuneBaseUri().AbsoluteUri);
    }

    private static GitHubOptions App(string? keyPath = null) => new() { AppId = 42, PrivateKeyPath = keyPath ?? AppKey.Path };

    [Fact]
    public void App_id_with_a_key_file_is_valid()
    {
        Assert.Empty(Failures(App()));
        Assert.True(App().UsesApp);
    }

    [Fact]
    public void Token_and_app_together_are_refused()
    {
        var options = App();
        options.Token = "ghp_test";

        var failure = Assert.Single(Failures(options));

        Assert.Contains("choose one way to authenticate", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void App_id_without_key_and_key_without_app_id_name_the_missing_key()
    {
        Assert.StartsWith("Neptune:GitHub:PrivateKeyPath is not set", Assert.Single(Failures(new GitHubOptions { AppId = 42 })), StringComparison.Ordinal);
        Assert.StartsWith("Neptune:GitHub:PrivateKeyPath is set but Neptune:GitHub:AppId is not", Assert.Single(Failures(new GitHubOptions { PrivateKeyPath = AppKey.Path })), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_file_is_reported_with_the_fix()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-neptune-key.pem");

        var failure = Assert.Single(Failures(App(missing)));

        Assert.StartsWith($"Neptune:GitHub:PrivateKeyPath is '{missing}', but no file is there", failure, StringComparison.Ordinal);
        Assert.Contains("private key file (.pem", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_rsa_private_key_is_reported()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neptune-not-a-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, AppKey.Key.ExportRSAPublicKeyPem());
        try
        {
            var failure = Assert.Single(Failures(App(path)));

            Assert.Contains("which is not an RSA private key in PEM format", failure, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
