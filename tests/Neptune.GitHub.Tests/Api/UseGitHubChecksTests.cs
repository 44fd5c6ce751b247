using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Neptune.GitHub.Checks;
using Neptune.GitHub.Compare;
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
    }

    [Fact]
    public async Task Missing_token_stops_the_host_from_starting()
    {
        using var host = Build([]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Neptune:GitHub:Token is not set", error.Message, StringComparison.Ordinal);
    }
}
