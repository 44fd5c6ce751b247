using Neptune.GitHub.Permissions;

namespace Neptune.GitHub.Webhooks;

/// <summary>How the gateway takes GitHub's webhooks (<c>Neptune:GitHub</c>, next to <see cref="GitHubOptions"/>).</summary>
public sealed class GitHubWebhookOptions
{
    /// <summary>The default of <see cref="MaxPayloadBytes"/>: 25 MiB, GitHub's own cap on a delivery.</summary>
    public const long DefaultMaxPayloadBytes = 25L * 1024 * 1024;

    /// <summary>The default of <see cref="RememberedDeliveries"/>.</summary>
    public const int DefaultRememberedDeliveries = 10_000;

    /// <summary>The default of <see cref="IntakeConcurrency"/>.</summary>
    public const int DefaultIntakeConcurrency = 16;

    /// <summary>The default of <see cref="IntakeQueueCapacity"/>.</summary>
    public const int DefaultIntakeQueueCapacity = 1_000;

    /// <summary>
    /// The webhook's secret (<c>Neptune:GitHub:WebhookSecret</c>): every delivery must carry a matching
    /// <c>X-Hub-Signature-256</c>. Required unless <see cref="AllowUnsignedWebhooks"/> is set.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Accepts deliveries without a signature when no <see cref="WebhookSecret"/> is set
    /// (<c>Neptune:GitHub:AllowUnsignedWebhooks</c>). Only for a gateway nobody else can reach.
    /// </summary>
    public bool AllowUnsignedWebhooks { get; set; }

    /// <summary>
    /// The repositories whose events are handled (<c>Neptune:GitHub:RepoAllowlist</c>): <c>owner/repo</c> or
    /// <c>owner/*</c>, ignoring case. Empty (the default) allows none: every event is refused with 403.
    /// </summary>
    public IList<string> RepoAllowlist { get; } = [];

    /// <summary>The weakest role on the repository that may press Unlock, Confirm or Reject (<c>Neptune:GitHub:RequiredPermission</c>).</summary>
    public RepoPermission RequiredPermission { get; set; } = RepoPermission.Write;

    /// <summary>The largest delivery read (<c>Neptune:GitHub:MaxPayloadBytes</c>); a larger one is refused with 413.</summary>
    public long MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>How many handled delivery ids are remembered to refuse replays (<c>Neptune:GitHub:RememberedDeliveries</c>).</summary>
    public int RememberedDeliveries { get; set; } = DefaultRememberedDeliveries;

    /// <summary>
    /// How many accepted pushes and reruns may wait for intake (<c>Neptune:GitHub:IntakeQueueCapacity</c>); when full,
    /// deliveries are answered 503 so GitHub shows them as failed and they can be redelivered.
    /// </summary>
    public int IntakeQueueCapacity { get; set; } = DefaultIntakeQueueCapacity;

    /// <summary>
    /// How many queued deliveries are handled at the same time (<c>Neptune:GitHub:IntakeConcurrency</c>). Deliveries of
    /// one repository are always handled one after another, in arrival order; different repositories overlap, so one
    /// repository's slow GitHub calls do not hold up the others.
    /// </summary>
    public int IntakeConcurrency { get; set; } = DefaultIntakeConcurrency;
}
