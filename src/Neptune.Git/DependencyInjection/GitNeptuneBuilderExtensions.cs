using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neptune.DependencyInjection;
using Neptune.Git;
using Neptune.Ports;

// In this namespace so UseGit shows up wherever services are configured, next to AddNeptune.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the git adapters: <c>services.AddNeptune(n =&gt; n.UseGit())</c>.</summary>
public static class GitNeptuneBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="GitSourceFetcher"/> as the <see cref="ISourceFetcher"/> and
    /// <see cref="LocalCommitComparer"/> as the <see cref="ICommitComparer"/>, and <see cref="ConfiguredGitTokenSource"/>
    /// (the fixed <c>Neptune:Git:Token</c>) as the <see cref="IGitTokenSource"/>, unless others were registered
    /// first (a GitHub comparer or installation-token source registered before this call wins). <see cref="GitOptions"/> are bound from
    /// the <c>Neptune:Git</c> section of the host's <c>IConfiguration</c>, then <paramref name="configure"/>
    /// runs, and the result is validated when the host starts. Safe to call more than once.
    /// </summary>
    public static NeptuneBuilder UseGit(this NeptuneBuilder builder, Action<GitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<GitOptions>().BindConfiguration(GitOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitOptions>, GitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGitTokenSource, ConfiguredGitTokenSource>();
        services.TryAddSingleton<ISourceFetcher, GitSourceFetcher>();
        services.TryAddSingleton<ICommitComparer, LocalCommitComparer>();
        return builder;
    }
}
