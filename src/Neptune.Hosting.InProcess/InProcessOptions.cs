using System.ComponentModel.DataAnnotations;

namespace Neptune.Hosting.InProcess;

/// <summary>Options of the in-process host, bound from the <c>Neptune</c> configuration section.</summary>
public sealed class InProcessOptions
{
    /// <summary>Default of <see cref="DataDir"/>.</summary>
    public const string DefaultDataDir = "./.neptune";

    /// <summary>
    /// Where the journal (<c>neptune.db</c>), workspaces, job logs, stores and the audit file live
    /// (<c>Neptune:DataDir</c>). Relative paths are resolved against the current directory.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Neptune:DataDir must name a writable directory (default ./.neptune).")]
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>The data directory as an absolute path.</summary>
    public string FullDataDir => Path.GetFullPath(DataDir);

    /// <summary>The journal file, <c>&lt;DataDir&gt;/neptune.db</c>.</summary>
    public string JournalPath => Path.Combine(FullDataDir, "neptune.db");

    /// <summary>Workspace of a deployment, <c>&lt;DataDir&gt;/deployments/&lt;id&gt;</c>.</summary>
    public string DeploymentDir(Guid deploymentId) => Path.Combine(FullDataDir, "deployments", deploymentId.ToString());
}
