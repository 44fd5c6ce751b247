using System.Text;

namespace Neptune.Hosting.Hangfire.Nodes;

/// <summary>Who this node is, and the private queue its pinned work (apply, cleanup) arrives on.</summary>
/// <param name="Name">The node's name, unique per process by default.</param>
/// <param name="Queue">Its private queue: <c>neptune_node_&lt;name&gt;</c> in Hangfire's queue characters.</param>
internal sealed record NodeIdentity(string Name, string Queue)
{
    /// <summary>The identity for a configured name, or <c>&lt;machine&gt;_&lt;pid&gt;</c>.</summary>
    public static NodeIdentity Create(string? name)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? $"{Environment.MachineName}_{Environment.ProcessId}" : name;
        var normalized = QueueOf(chosen);
        return new NodeIdentity(normalized, "neptune_node_" + normalized);
    }

    /// <summary>The private queue of a node named <paramref name="name"/>.</summary>
    public static string QueueFor(string name) => "neptune_node_" + QueueOf(name);

    // Hangfire accepts lowercase letters, digits and underscores in queue names.
    private static string QueueOf(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            b.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }

        return b.ToString();
    }
}
