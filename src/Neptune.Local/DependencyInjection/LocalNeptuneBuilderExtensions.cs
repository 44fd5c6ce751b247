using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neptune.DependencyInjection;
using Neptune.Git;
using Neptune.GitHub.Intake;
using Neptune.Local;

// In this namespace so UseLocalRepos shows up wherever services are configured, next to AddNeptune.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds local mode: <c>services.AddNeptune(n =&gt; n.UseLocalRepos().UseInProcess())</c>.</summary>
public static class LocalNeptuneBuilderExtensions
{
    /// <summary>
    /// Watches the git repositories listed under <c>Neptune:Local:Repos</c> and deploys new commits of their default
    /// branch as merges, exactly as GitHub pushes do, with the dashboard as the review UI. Registers
    /// <see cref="LocalRepoOptions"/> (bound from <c>Neptune:Local</c>, then <paramref name="configure"/>, validated at
    /// start), <see cref="LocalRepositoryReader"/> as the <see cref="IRepositoryReader"/>,
    /// <see cref="LocalConfigErrorReporter"/> as the <see cref="IConfigErrorReporter"/>, <see cref="RevisionIntake"/>, the
    /// <see cref="LocalRepoWatcher"/> as a hosted service, and the git adapters (<c>UseGit</c>) with every watched
    /// repository mapped to its path in <see cref="GitOptions.Repositories"/>, so workers fetch and compare there.
    /// </summary>
    /// <remarks>
    /// Local mode and GitHub (<c>UseGitHub</c>, <c>UseGitHubChecks</c>) are exclusive: with both, start-up stops with an
    /// <see cref="OptionsValidationException"/> saying to use either <c>Neptune:GitHub</c> or <c>Neptune:Local</c>.
    /// Call it before a host (<c>UseInProcess</c>). Safe to call more than once: later calls change nothing.
    /// </remarks>
    public static NeptuneBuilder UseLocalRepos(this NeptuneBuilder builder, Action<LocalRepoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(LocalModeMarker)))
        {
            return builder;
        }

        services.AddSingleton<LocalModeMarker>();
        var options = services.AddOptions<LocalRepoOptions>().BindConfiguration(LocalRepoOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Configure<IConfiguration>((o, configuration) => o.StateFile ??= Path.Combine(
            configuration["Neptune:DataDir"] is { Length: > 0 } dataDir && !string.IsNullOrWhiteSpace(dataDir) ? dataDir : LocalRepoOptions.DefaultDataDir,
            LocalRepoOptions.DefaultStateFileName));
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalRepoOptions>, LocalRepoOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalRepoOptions>, LocalModeConflictValidator>());

        builder.UseGit();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<GitOptions>, LocalReposAsGitRemotes>());
        services.TryAddSingleton<IRepositoryReader, LocalRepositoryReader>();
        services.TryAddSingleton<IConfigErrorReporter, LocalConfigErrorReporter>();
        services.TryAddSingleton(sp => new RepoConfigSource(sp.GetRequiredService<IRepositoryReader>()));
        services.TryAddSingleton(sp => new RevisionIntake(
            sp.GetRequiredService<Neptune.Client.INeptuneClient>(),
            sp.GetRequiredService<IRepositoryReader>(),
            sp.GetRequiredService<RepoConfigSource>(),
            sp.GetService<IConfigErrorReporter>(),
            sp.GetService<Logging.ILogger<RevisionIntake>>()));
        services.TryAddSingleton<LocalRepoWatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, LocalRepoWatcher>(sp => sp.GetRequiredService<LocalRepoWatcher>()));
        return builder;
    }

    /// <summary>Marks a service collection that has local mode, so a second <c>UseLocalRepos</c> does not bind the repository list twice.</summary>
    private sealed class LocalModeMarker;

    /// <summary>
    /// Points <see cref="GitOptions.Repositories"/> of every watched repository at its directory, so workers fetch
    /// (and the comparer compares) the very repository intake read. The watched path wins over an entry configured there.
    /// </summary>
    private sealed class LocalReposAsGitRemotes(IOptions<LocalRepoOptions> local) : IPostConfigureOptions<GitOptions>
    {
        public void PostConfigure(string? name, GitOptions options)
        {
            foreach (var repo in local.Value.Repos)
            {
                options.Repositories[repo.EffectiveName] = repo.FullPath;
            }
        }
    }
}
