using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neptune.DependencyInjection;
using Neptune.GitHub;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Webhooks;

// In this namespace so UseGitHub shows up wherever services are configured, next to AddNeptune.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds everything GitHub: <c>services.AddNeptune(n =&gt; n.UseGitHub().UseInProcess())</c>.</summary>
public static class GitHubNeptuneBuilderWebhookExtensions
{
    /// <summary>
    /// Check runs, commit comparison, contents and permissions (<see cref="GitHubNeptuneBuilderExtensions.UseGitHubChecks"/>)
    /// plus webhook intake: <see cref="GitHubWebhookOptions"/> bound from <c>Neptune:GitHub</c> and validated at start,
    /// <see cref="GitHubWebhookHandler"/>, the <see cref="IntakeQueue"/> and its <see cref="IntakeWorker"/>. Map the
    /// endpoint with <c>app.MapNeptuneWebhooks()</c>. Call it before a host (<c>UseInProcess</c>) so GitHub's adapters
    /// win over the host's local defaults. Safe to call more than once.
    /// </summary>
    public static NeptuneBuilder UseGitHub(this NeptuneBuilder builder, Action<GitHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseGitHubChecks(configure);
        var services = builder.Services;
        services.AddOptions<GitHubWebhookOptions>().BindConfiguration(GitHubOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubWebhookOptions>, GitHubWebhookOptionsValidator>());
        services.TryAddSingleton(sp => new RecentDeliveries(sp.GetRequiredService<IOptions<GitHubWebhookOptions>>().Value.RememberedDeliveries));
        services.TryAddSingleton<IntakeQueue>();
        services.TryAddSingleton(sp => new RepoConfigSource(sp.GetRequiredService<IRepositoryReader>()));
        services.TryAddSingleton(sp => new RevisionIntake(
            sp.GetRequiredService<Neptune.Client.INeptuneClient>(),
            sp.GetRequiredService<IRepositoryReader>(),
            sp.GetRequiredService<RepoConfigSource>(),
            sp.GetService<IConfigErrorReporter>(),
            sp.GetService<Logging.ILogger<RevisionIntake>>()));
        services.TryAddSingleton<GitHubWebhookHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, IntakeWorker>());
        return builder;
    }
}
