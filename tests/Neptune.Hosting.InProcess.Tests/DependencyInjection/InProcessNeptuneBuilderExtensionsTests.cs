using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Terraform;

namespace Neptune.Hosting.InProcess.Tests.DependencyInjection;

/// <summary>AddNeptune(n => n.UseInProcess()) in a generic host, configured the way an adopter would.</summary>
public sealed class InProcessNeptuneBuilderExtensionsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neptune-di-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        more?.Invoke(builder.Services);
        builder.Services.AddNeptune(n => n.UseInProcess());
        return builder.Build();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Neptune:DataDir"] = Path.Combine(root, "data"),
        ["Neptune:Terraform:Path"] = StandIn.Terraform,
        ["Neptune:Git:CloneUrl"] = Path.Combine(root, "repos", "{owner}", "{repo}"),
    };

    [Fact]
    public async Task Configured_host_deploys_a_merge_end_to_end()
    {
        var repo = new GitRepository(Path.Combine(root, "repos", "acme", "infra"));
        var sha = repo.CommitRoot("production", StandIn.Json(changes: 1));
        using var host = Build(Settings());
        await host.StartAsync();
        var client = host.Services.GetRequiredService<INeptuneClient>();

        var receipt = await client.RequestRevisionAsync(new RevisionRequest(new DeployTarget(new RepoRef("acme", "infra"), "production"), sha, "main", Trigger.Merge, "octocat", rootDir: "production"));
        DeploymentStatus status;
        var deadline = DateTime.UtcNow + NeptuneHarness.Patience;
        while ((status = await client.GetDeploymentAsync(receipt.DeploymentId!.Value)).Stage != DeploymentStage.Finished && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(RunOutcome.Succeeded, status.Result?.Outcome);
        Assert.True(Directory.Exists(Path.Combine(root, "data", "plugin-cache")), "the plugin cache defaults to <DataDir>/plugin-cache");
        await host.StopAsync();
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")] // --Neptune:DataDir= used to fail inside validation with "The value cannot be an empty string"
    public async Task Blank_data_dir_stops_start_up_naming_the_key(string dataDir)
    {
        var settings = Settings();
        settings["Neptune:DataDir"] = dataDir;
        using var host = Build(settings);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:DataDir", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_plugin_cache_setting_stops_start_up_naming_the_key()
    {
        var settings = Settings();
        settings["Neptune:Terraform:PluginCacheDir"] = " ";
        using var host = Build(settings);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:Terraform:PluginCacheDir", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_twice_registers_once_and_an_earlier_store_wins()
    {
        var store = new Neptune.Hosting.InProcess.Stores.FileDeploymentStore(Path.Combine(root, "elsewhere"));
        using var host = Build(Settings(), s => s.AddSingleton<IDeploymentStore>(store));
        var services = new ServiceCollection();
        services.AddNeptune(n => n.UseInProcess().UseInProcess());

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(InProcessNeptuneService)); // health checks add a publisher of their own
        Assert.Single(services, d => d.ServiceType == typeof(INeptuneClient));
        Assert.Same(store, host.Services.GetRequiredService<IDeploymentStore>());
        Assert.Same(host.Services.GetRequiredService<InProcessNeptune>(), host.Services.GetRequiredService<INeptuneClient>());
        Assert.Equal(Path.Combine(root, "data", "plugin-cache"), host.Services.GetRequiredService<IOptions<TerraformOptions>>().Value.PluginCacheDir);
    }

    [Fact]
    public void Audit_file_path_setting_moves_the_audit_file()
    {
        var settings = Settings();
        settings["Neptune:Audit:FilePath"] = Path.Combine(root, "audit", "events.jsonl");
        using var host = Build(settings);

        var sink = Assert.IsType<Neptune.Hosting.InProcess.Stores.JsonLinesAuditSink>(host.Services.GetRequiredService<IAuditSink>());

        Assert.Equal(Path.Combine(root, "audit", "events.jsonl"), sink.Path);
    }

    [Fact]
    public void Redaction_patterns_bind_from_configuration()
    {
        var settings = Settings();
        settings["Neptune:JobLogs:RedactionPatterns:0"] = "(?i)secret";
        settings["Neptune:JobLogs:ReaderBufferLines"] = "500";
        using var host = Build(settings);

        var logs = host.Services.GetRequiredService<IOptions<InProcessOptions>>().Value.JobLogs;

        Assert.Equal(["(?i)secret"], logs.RedactionPatterns);
        Assert.Equal(500, logs.ReaderBufferLines);
    }

    [Fact]
    public async Task Invalid_redaction_pattern_stops_start_up_naming_the_key_and_pattern()
    {
        var settings = Settings();
        settings["Neptune:JobLogs:RedactionPatterns:0"] = "token=([";
        using var host = Build(settings);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Neptune:JobLogs:RedactionPatterns", e.Message, StringComparison.Ordinal);
        Assert.Contains("token=([", e.Message, StringComparison.Ordinal);
    }
}
