using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neptune.DependencyInjection;
using Neptune.GitHub;
using Neptune.GitHub.Api;
using Neptune.GitHub.Checks;
using Neptune.GitHub.Compare;
using Neptune.Ports;

// In this namespace so UseGitHubChecks shows up wherever services are configured, next to AddNeptune.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds GitHub check runs and commit comparison: <c>services.AddNeptune(n =&gt; n.UseGitHubChecks())</c>.</summary>
public static class GitHubNeptuneBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="GitHubCheckRunPublisher"/> as the <see cref="ICheckRunPublisher"/> and
    /// <see cref="GitHubCommitComparer"/> as the <see cref="ICommitComparer"/>, unless others were registered
    /// first: call it before <c>UseGit</c> or a host's local publisher so GitHub's adapters win.
    /// <see cref="GitHubOptions"/> are bound from the <c>Neptune:GitHub</c> section of the host's
    /// <c>IConfiguration</c>, then <paramref name="configure"/> runs, and the result is validated when the
    /// host starts. Safe to call more than once.
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
        return builder;
    }
}
