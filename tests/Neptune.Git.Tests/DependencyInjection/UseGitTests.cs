using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Git.Tests.DependencyInjection;

public sealed class UseGitTests
{
    [Fact]
    public void Options_are_bound_from_the_neptune_git_section_and_the_adapters_registered()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Neptune:Git:Path"] = "/opt/git/bin/git",
            ["Neptune:Git:CloneUrl"] = "file:///srv/repos/{owner}/{repo}.git",
            ["Neptune:Git:Repositories:acme/infra"] = "/srv/mirror/infra.git",
            ["Neptune:Git:Token"] = "ghs_from_config",
            ["Neptune:Git:Timeout"] = "00:02:30",
        });

        var options = host.Services.GetRequiredService<IOptions<GitOptions>>().Value;
        Assert.Equal("/opt/git/bin/git", options.Path);
        Assert.Equal("file:///srv/repos/{owner}/{repo}.git", options.CloneUrl);
        Assert.Equal("/srv/mirror/infra.git", options.Repositories["acme/infra"]);
        Assert.Equal("ghs_from_config", options.Token);
        Assert.Equal(TimeSpan.FromSeconds(150), options.Timeout);
        Assert.IsType<GitSourceFetcher>(host.Services.GetRequiredService<ISourceFetcher>());
        Assert.IsType<LocalCommitComparer>(host.Services.GetRequiredService<ICommitComparer>());
    }

    [Fact]
    public void The_configure_callback_runs_after_the_configuration()
    {
        using var host = Build(new Dictionary<string, string?> { ["Neptune:Git:Timeout"] = "00:02:30" }, options => options.Timeout = TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(1), host.Services.GetRequiredService<IOptions<GitOptions>>().Value.Timeout);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_from_starting()
    {
        using var host = Build(new Dictionary<string, string?> { ["Neptune:Git:CloneUrl"] = "https://github.com/acme/infra.git" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Neptune:Git:CloneUrl must contain {owner} and {repo}", error.Message);
    }

    [Fact]
    public void A_comparer_registered_before_wins()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<ICommitComparer, FixedComparer>();
        builder.Services.AddNeptune(neptune => neptune.UseGit().UseGit());
        using var host = builder.Build();

        Assert.IsType<FixedComparer>(host.Services.GetRequiredService<ICommitComparer>());
        Assert.Single(host.Services.GetServices<ISourceFetcher>());
        Assert.Single(host.Services.GetServices<IValidateOptions<GitOptions>>());
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<GitOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddNeptune(neptune => neptune.UseGit(configure));
        return builder.Build();
    }

    private sealed class FixedComparer : ICommitComparer
    {
        public Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken) =>
            Task.FromResult(CompareDirection.Ahead);
    }
}
