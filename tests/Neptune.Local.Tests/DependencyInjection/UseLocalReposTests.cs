using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.GitHub.Intake;
using Neptune.Local.Tests.Support;
using Neptune.Ports;

namespace Neptune.Local.Tests.DependencyInjection;

/// <summary><c>AddNeptune(n =&gt; n.UseLocalRepos().UseInProcess())</c> in a generic host, configured as an adopter would.</summary>
public sealed class UseLocalReposTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("neptune-local-di-").FullName;
    private readonly TestRepo _repo;

    public UseLocalReposTests()
    {
        _repo = new TestRepo(Path.Combine(_root, "infra"));
        _repo.Commit("base", ("neptune.yaml", "version: 3\n"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IHost Build(Dictionary<string, string?> extra, Action<Neptune.DependencyInjection.NeptuneBuilder> neptune)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Neptune:DataDir"] = Path.Combine(_root, "data"),
            ["Neptune:Terraform:Path"] = StandIn.Terraform,
            ["Neptune:Local:Repos:0:Path"] = _repo.Path,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddNeptune(neptune);
        return builder.Build();
    }

    [Fact]
    public void Registering_twice_registers_once_and_maps_each_repository_to_its_path_for_workers()
    {
        using var host = Build(
            new() { ["Neptune:Git:Repositories:local/infra"] = "/somewhere/else", ["Neptune:Git:Repositories:acme/other"] = "/srv/other" },
            n => n.UseLocalRepos().UseLocalRepos().UseInProcess());

        var services = host.Services;
        Assert.Single(services.GetServices<IHostedService>().OfType<LocalRepoWatcher>());
        Assert.Same(services.GetRequiredService<LocalRepoWatcher>(), services.GetServices<IHostedService>().OfType<LocalRepoWatcher>().Single());
        Assert.IsType<LocalRepositoryReader>(services.GetRequiredService<IRepositoryReader>());
        Assert.IsType<LocalConfigErrorReporter>(services.GetRequiredService<IConfigErrorReporter>());
        Assert.IsType<LocalCommitComparer>(services.GetRequiredService<ICommitComparer>());
        Assert.IsType<GitSourceFetcher>(services.GetRequiredService<ISourceFetcher>());
        Assert.NotNull(services.GetRequiredService<RevisionIntake>());

        var local = services.GetRequiredService<IOptions<LocalRepoOptions>>().Value;
        Assert.Single(local.Repos);
        Assert.Equal(Path.Combine(_root, "data", "local-repos.json"), local.StateFile);
        Assert.Equal(Path.Combine(_root, "data", "local-repos.json"), services.GetRequiredService<LocalRepoWatcher>().StateFile);
        var git = services.GetRequiredService<IOptions<GitOptions>>().Value;
        Assert.Equal(_repo.Path, git.Repositories["local/infra"]); // the watched path wins: workers fetch what intake read
        Assert.Equal("/srv/other", git.Repositories["acme/other"]);
    }

    [Fact]
    public async Task Workers_fetch_a_watched_repository_from_its_path()
    {
        using var host = Build(new() { ["Neptune:Local:Repos:0:Name"] = "team/network" }, n => n.UseLocalRepos().UseInProcess());
        var destination = Path.Combine(_root, "checkout");

        await host.Services.GetRequiredService<ISourceFetcher>().FetchAsync(new Model.RepoRef("team", "network"), _repo.Head(), destination, CancellationToken.None);

        Assert.Equal("version: 3\n", await File.ReadAllTextAsync(Path.Combine(destination, "neptune.yaml")));
    }

    [Fact]
    public async Task Local_mode_and_GitHub_together_stop_start_up_saying_to_use_one()
    {
        using var host = Build(
            new()
            {
                ["Neptune:GitHub:Token"] = "ghs_test",
                ["Neptune:GitHub:WebhookSecret"] = "secret",
                ["Neptune:GitHub:RepoAllowlist:0"] = "acme/*",
            },
            n => n.UseLocalRepos().UseGitHub().UseInProcess());

        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Both Neptune:Local and Neptune:GitHub are configured; use either Neptune:GitHub", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_start_up_naming_the_key()
    {
        using var host = Build(
            new() { ["Neptune:Local:Repos:0:Path"] = Path.Combine(_root, "missing"), ["Neptune:Local:PollInterval"] = "00:00:00" },
            n => n.UseLocalRepos().UseInProcess());

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:Local:Repos:0:Path '", e.Message, StringComparison.Ordinal);
        Assert.Contains("Neptune:Local:PollInterval is 00:00:00", e.Message, StringComparison.Ordinal);
    }
}
