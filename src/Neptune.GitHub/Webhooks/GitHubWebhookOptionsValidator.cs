using Microsoft.Extensions.Options;

namespace Neptune.GitHub.Webhooks;

/// <summary>Checks <see cref="GitHubWebhookOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class GitHubWebhookOptionsValidator : IValidateOptions<GitHubWebhookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GitHubWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = GitHubOptions.SectionName;
        var failures = new List<string>();

        if (string.IsNullOrEmpty(options.WebhookSecret) && !options.AllowUnsignedWebhooks)
        {
            failures.Add($"{Section}:WebhookSecret is not set; set it to the secret of the GitHub App's (or repository's) webhook, or set {Section}:AllowUnsignedWebhooks=true for a gateway nobody else can reach.");
        }

        for (var i = 0; i < options.RepoAllowlist.Count; i++)
        {
            if (!RepoAllowlist.IsValidPattern(options.RepoAllowlist[i]))
            {
                failures.Add($"{Section}:RepoAllowlist:{i} is '{options.RepoAllowlist[i]}'; use 'owner/repo' or 'owner/*'.");
            }
        }

        if (!Enum.IsDefined(options.RequiredPermission))
        {
            failures.Add($"{Section}:RequiredPermission is {(int)options.RequiredPermission}; use Read, Triage, Write, Maintain or Admin.");
        }

        if (options.MaxPayloadBytes < 1024)
        {
            failures.Add($"{Section}:MaxPayloadBytes is {options.MaxPayloadBytes}; set it to at least 1024, e.g. {GitHubWebhookOptions.DefaultMaxPayloadBytes} (GitHub's cap).");
        }

        if (options.RememberedDeliveries < 1)
        {
            failures.Add($"{Section}:RememberedDeliveries is {options.RememberedDeliveries}; set it to 1 or more, e.g. {GitHubWebhookOptions.DefaultRememberedDeliveries}.");
        }

        if (options.IntakeConcurrency < 1)
        {
            failures.Add($"{Section}:IntakeConcurrency is {options.IntakeConcurrency}; set it to 1 or more, e.g. {GitHubWebhookOptions.DefaultIntakeConcurrency}.");
        }

        if (options.IntakeQueueCapacity < 1)
        {
            failures.Add($"{Section}:IntakeQueueCapacity is {options.IntakeQueueCapacity}; set it to 1 or more, e.g. {GitHubWebhookOptions.DefaultIntakeQueueCapacity}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
