using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neptune.DependencyInjection;
using Neptune.GitHub;
using Neptune.GitHub.Api;
using Neptune.GitHub.Checks;
using Neptune.Git;
using Neptune.GitHub.Auth;
using Neptune.GitHub.Compare;
using Neptune.GitHub.Contents;
using Neptune.GitHub.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Permissions;
using Neptune.Ports;

// In this namespace so UseGitHubChecks shows up wherever services are configured, next to AddNeptune.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds GitHub check runs, commit comparison, repository reading, permission checks and App auth: <c>services.AddNeptune(n =&gt; n.UseGitHubChecks())</c>.</summary>
public static class GitHubNeptuneBuilderExtensions
{
    /// <summary>
    /// Registers GitHub's adapters, unless others were registered first: <see cref="GitHubCheckRunPublisher"/> as the
    /// <see cref="ICheckRunPublisher"/>, <see cref="GitHubCommitComparer"/> as the <see cref="ICommitComparer"/>,
    /// <see cref="GitHubRepositoryReader"/> as the <see cref="IRepositoryReader"/>, <see cref="GitHubRepoPermissions"/>
    /// as the <see cref="IRepoPermissions"/>, <see cref="GitHubConfigErrorReporter"/> as the
    /// <see cref="IConfigErrorReporter"/>, <see cref="GitHubInstallationTokens"/>, and <see cref="GitHubGitTokenSource"/>
    /// as the <see cref="IGitTokenSource"/> (so workers fetch with the installation token in GitHub App mode). Call it
    /// before <c>UseGit</c> or a host's local adapters so GitHub's win.
    /// <see cref="GitHubOptions"/> are bound from the <c>Neptune:GitHub</c> section of the host's
    /// <c>IConfiguration</c>, then <paramref name="configure"/> runs, and the result is validated when the
    /// host starts. Also adds the <c>github</c> health check: Degraded, not Unhealthy, when GitHub's API does not answer.
    /// Safe to call more than once.
    /// </summary>
    public static NeptuneBuilder UseGitHubChecks(this NeptuneBuilder builder, Action<GitHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<GitHubOptions>().BindConfiguration(GitHubOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<GitHubRetry>();
        services.TryAddSingleton<ICheckRunPublisher, GitHubCheckRunPublisher>();
        services.TryAddSingleton<ICommitComparer, GitHubCommitComparer>();
        services.TryAddSingleton<GitHubInstallationTokens>();
        services.TryAddSingleton<IRepositoryReader, GitHubRepositoryReader>();
        services.TryAddSingleton<IRepoPermissions, GitHubRepoPermissions>();
        services.TryAddSingleton<IConfigErrorReporter, GitHubConfigErrorReporter>();
        services.TryAddSingleton<IGitTokenSource, GitHubGitTokenSource>();

        // Once, however often this is called: the health check service refuses two checks of one name.
        if (!services.Any(d => d.ServiceType == typeof(GitHubHealthCheck)))
        {
            services.AddSingleton<GitHubHealthCheck>();
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                GitHubHealthCheck.Name, sp => sp.GetRequiredService<GitHubHealthCheck>(), HealthStatus.Degraded, ["neptune", "github"]));
        }

        return builder;
    }
}
