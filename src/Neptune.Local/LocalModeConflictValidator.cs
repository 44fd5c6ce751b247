using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Neptune.GitHub;
using Neptune.GitHub.Api;

namespace Neptune.Local;

/// <summary>
/// Stops start-up when GitHub is configured too: GitHub's reader, comparer and check runs would meet repositories that
/// exist only on this machine, and webhooks would read them through the local reader. One mode per gateway.
/// </summary>
internal sealed class LocalModeConflictValidator(IServiceProviderIsService services) : IValidateOptions<LocalRepoOptions>
{
    /// <summary>What start-up says when both modes are configured.</summary>
    public const string Message =
        $"Both {LocalRepoOptions.SectionName} and {GitHubOptions.SectionName} are configured; use either {GitHubOptions.SectionName} " +
        $"(deploy from GitHub: webhooks in, check runs out) or {LocalRepoOptions.SectionName} (deploy commits of repositories on this " +
        $"machine, reviewed on the dashboard), not both. Remove one of the two sections (or one of the UseGitHub/UseLocalRepos calls).";

    public ValidateOptionsResult Validate(string? name, LocalRepoOptions options) =>
        services.IsService(typeof(GitHubClientFactory)) ? ValidateOptionsResult.Fail(Message) : ValidateOptionsResult.Success;
}
