using System.ComponentModel.DataAnnotations;
using Neptune.Logs;

namespace Neptune.Hosting.InProcess;

/// <summary>Settings of the in-process host, bound from <c>Neptune</c> (for example <c>Neptune:DataDir</c>).</summary>
public sealed class InProcessOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune";

    /// <summary>Where local state lives when nothing else is configured.</summary>
    public const string DefaultDataDir = "./.neptune";

    /// <summary>Where the journal, workspaces, stores and logs live (<c>Neptune:DataDir</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Neptune:DataDir must name a writable directory (default ./.neptune).")]
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>Extra environment variables for every terraform process (for example provider credentials).</summary>
    public IDictionary<string, string> RootEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How job logs are filtered and buffered (<c>Neptune:JobLogs</c>).</summary>
    public JobLogOptions JobLogs { get; } = new();

    /// <summary><see cref="DataDir"/> as an absolute path (empty while <see cref="DataDir"/> is, which validation refuses).</summary>
    /// <remarks>Must not throw: options validation reads every property, and would report this instead of the key.</remarks>
    public string FullDataDir => string.IsNullOrEmpty(DataDir) ? string.Empty : Path.GetFullPath(DataDir);

    /// <summary>The SQLite journal: <c>&lt;DataDir&gt;/neptune.db</c>.</summary>
    public string JournalPath => Path.Combine(FullDataDir, "neptune.db");

    /// <summary>The default file stores' folder: <c>&lt;DataDir&gt;/store</c>.</summary>
    public string StoreDir => Path.Combine(FullDataDir, "store");

    /// <summary>Where the JSON-lines audit sink writes (<c>Neptune:Audit:FilePath</c>).</summary>
    public AuditFileOptions Audit { get; } = new();

    /// <summary>The audit file: <see cref="AuditFileOptions.FilePath"/>, or <c>&lt;DataDir&gt;/audit.jsonl</c>.</summary>
    public string AuditPath => Path.GetFullPath(string.IsNullOrWhiteSpace(Audit.FilePath) ? Path.Combine(FullDataDir, "audit.jsonl") : Audit.FilePath);

    /// <summary>The workspace of one deployment: <c>&lt;DataDir&gt;/deployments/&lt;id&gt;</c>.</summary>
    public string DeploymentDir(Guid deploymentId) => Path.Combine(FullDataDir, "deployments", deploymentId.ToString());
}
