using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Checks;
using Neptune.Git;
using Neptune.GitHub.Auth;
using Neptune.GitHub.Compare;
using Neptune.GitHub.Contents;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Permissions;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.GitHub.Tests.Api;

public sealed class UseGitHubChecksTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddNeptune(neptune => neptune.UseGitHubChecks().UseGitHubChecks());
        return builder.Build();
    }

    [Fact]
    public void Options_are_bound_and_the_adapters_registered()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Neptune:GitHub:ApiUrl"] = "https://github.example.com/api/v3",
            ["Neptune:GitHub:Token"] = "ghs_from_config",
            ["Neptune:GitHub:NeptuneBaseUrl"] = "https://neptune.example.com/",
            ["Neptune:GitHub:MaxAttempts"] = "7",
        });

        var options = host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value;
        Assert.Equal("https://github.example.com/api/v3/", options.ApiBaseUri().AbsoluteUri);
        Assert.Equal(7, options.MaxAttempts);
        Assert.IsType<GitHubCheckRunPublisher>(host.Services.GetRequiredService<ICheckRunPublisher>());
        Assert.IsType<GitHubCommitComparer>(host.Services.GetRequiredService<ICommitComparer>());
        Assert.IsType<GitHubRepositoryReader>(host.Services.GetRequiredService<IRepositoryReader>());
        Assert.IsType<GitHubRepoPermissions>(host.Services.GetRequiredService<IRepoPermissions>());
        Assert.IsType<GitHubConfigErrorReporter>(host.Services.GetRequiredService<IConfigErrorReporter>());
        Assert.IsType<GitHubGitTokenSource>(host.Services.GetRequiredService<IGitTokenSource>());
    }

    [Fact]
    public async Task In_app_mode_the_git_token_source_gives_installation_tokens_even_with_usegit_after()
    {
        using var github = new FakeGitHub();
        github.StubInstallation("acme/infra", 77);
        github.StubAccessToken(77, "ghs_for_git");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Neptune:GitHub:ApiUrl"] = github.ApiUrl,
            ["Neptune:GitHub:AppId"] = "424242",
            ["Neptune:GitHub:PrivateKeyPath"] = AppKey.Path,
            ["Neptune:Git:Token"] = "ghs_fixed_not_used",
        });
        builder.Services.AddLogging();
        builder.Services.AddNeptune(neptune => neptune.UseGitHubChecks().UseGit());
        using var host = builder.Build();

        var token = await host.Services.GetRequiredService<IGitTokenSource>().GetTokenAsync(new RepoRef("acme", "infra"), CancellationToken.None);

        Assert.Equal("ghs_for_git", token);
        Assert.Equal(1, github.Requests.Count(r => r.RequestMessage!.Path == FakeGitHub.ApiPath + "/app/installations/77/access_tokens"));
    }

    [Fact]
    public async Task Missing_token_stops_the_host_from_starting()
    {
        using var host = Build([]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Neptune:GitHub:Token is not set", error.Message, StringComparison.Ordinal);
    }
}
