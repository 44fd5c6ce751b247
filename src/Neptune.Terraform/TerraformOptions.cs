using Neptune.Runs;

namespace Neptune.Terraform;

/// <summary>How Neptune runs the terraform (or OpenTofu) CLI; bound from <see cref="SectionName"/>.</summary>
public sealed class TerraformOptions
{
    /// <summary>The configuration section: <c>Neptune:Terraform</c>.</summary>
    public const string SectionName = "Neptune:Terraform";

    /// <summary>The default executable: <c>terraform</c>, looked up on <c>PATH</c>.</summary>
    public const string DefaultPath = "terraform";

    /// <summary>
    /// The terraform or tofu executable: a name looked up on <c>PATH</c> or a full path
    /// (<c>Neptune:Terraform:Path</c>).
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// A directory shared by every run to cache providers, exported as <c>TF_PLUGIN_CACHE_DIR</c> and
    /// created when missing (terraform refuses a cache directory that does not exist). Unset: no cache.
    /// </summary>
    public string? PluginCacheDir { get; set; }

    /// <summary>How long a cancelled terraform has between SIGTERM and SIGKILL.</summary>
    public TimeSpan CancellationGracePeriod { get; set; } = RunPolicy.CancellationGracePeriod;

    /// <summary>How often <see cref="Ports.TerraformContext.Heartbeat"/> is called while terraform runs.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = RunPolicy.HeartbeatInterval;

    /// <summary>
    /// Extra environment variables for every terraform process (e.g. credentials or <c>TF_LOG</c>).
    /// A run's own <see cref="Ports.TerraformContext.Environment"/> wins over these.
    /// </summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
