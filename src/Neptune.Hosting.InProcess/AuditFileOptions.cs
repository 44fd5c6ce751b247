namespace Neptune.Hosting.InProcess;

/// <summary>The file audit sink's settings (<c>Neptune:Audit</c>).</summary>
public sealed class AuditFileOptions
{
    /// <summary>The JSON-lines file apply audit events are appended to; unset means <c>&lt;DataDir&gt;/audit.jsonl</c>.</summary>
    public string? FilePath { get; set; }
}
