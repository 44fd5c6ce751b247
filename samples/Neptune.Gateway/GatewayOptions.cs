namespace Neptune.Gateway;

/// <summary>Settings of the gateway itself (<c>Neptune:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Neptune:Gateway";

    /// <summary>
    /// Token that mutating API and dashboard calls must send as <c>Authorization: Bearer …</c>.
    /// Unset: those calls are refused with a message saying how to enable them.
    /// </summary>
    public string? AdminToken { get; set; }
}
