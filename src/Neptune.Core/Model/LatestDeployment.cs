using System.Text.Json.Serialization;

namespace Neptune.Model;

/// <summary>
/// The latest deployment of a target: the record the ordering rule compares new revisions with. Stored
/// as one JSON document per target (see <see cref="LatestDeploymentJson"/> and <see cref="StoreKeys"/>).
/// </summary>
public sealed record LatestDeployment
{
    /// <summary>Current version of the stored document.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Creates a record.</summary>
    /// <exception cref="ArgumentException">The revision is not a full commit id or the branch is empty.</exception>
    public LatestDeployment(Guid id, DeployTarget target, string revision, string branch, Trigger trigger, bool manualRerun = false, bool manualForce = false, string? initiatingUser = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(branch))
        {
            throw new ArgumentException("The branch must not be empty.", nameof(branch));
        }

        Id = id;
        Target = target;
        Revision = Model.Revision.Normalize(revision, nameof(revision));
        Branch = branch;
        Trigger = trigger;
        ManualRerun = manualRerun;
        ManualForce = manualForce;
        InitiatingUser = initiatingUser;
    }

    /// <summary>The deployment id.</summary>
    public Guid Id { get; }

    /// <summary>The target.</summary>
    public DeployTarget Target { get; }

    /// <summary>The deployed commit.</summary>
    public string Revision { get; }

    /// <summary>The branch it came from.</summary>
    public string Branch { get; }

    /// <summary>How it was triggered.</summary>
    public Trigger Trigger { get; }

    /// <summary>Whether it was a manual rerun.</summary>
    public bool ManualRerun { get; }

    /// <summary>Whether it was a forced manual apply.</summary>
    public bool ManualForce { get; }

    /// <summary>
    /// Who initiated it, when known. Not part of the stored document (its shape is fixed by the spec),
    /// so it is known only for deployments made since the coordinator started.
    /// </summary>
    public string? InitiatingUser { get; }

    /// <summary>The record for a finished deployment.</summary>
    public static LatestDeployment From(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var r = deployment.Request;
        return new LatestDeployment(deployment.Id, r.Target, r.Revision, r.Branch, r.Trigger, r.Rerun, r.Force, r.InitiatingUser);
    }
}

/// <summary>Reads and writes the stored form of <see cref="LatestDeployment"/>.</summary>
public static class LatestDeploymentJson
{
    /// <summary>Serializes to the stored JSON document (compact, UTF-8).</summary>
    public static byte[] Serialize(LatestDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var doc = new Document
        {
            Version = LatestDeployment.CurrentVersion,
            Id = deployment.Id.ToString(),
            Revision = deployment.Revision,
            Branch = deployment.Branch,
            Repo = new RepoDocument { Owner = deployment.Target.Repo.Owner, Name = deployment.Target.Repo.Name },
            Root = new RootDocument
            {
                Name = deployment.Target.Root,
                Trigger = deployment.Trigger == Trigger.Manual ? "manual" : "merge",
                ManualRerun = deployment.ManualRerun,
                ManualForce = deployment.ManualForce,
            },
        };
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(doc, LatestDeploymentJsonContext.Default.Document);
    }

    /// <summary>Parses a stored document.</summary>
    /// <exception cref="FormatException">The document is not valid JSON, misses a field, or has a newer version.</exception>
    public static LatestDeployment Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        Document? doc;
        try
        {
            doc = System.Text.Json.JsonSerializer.Deserialize(utf8Json, LatestDeploymentJsonContext.Default.Document);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The deployment record is not valid JSON: {e.Message}", e);
        }

        if (doc is null || doc.Repo is null || doc.Root is null || doc.Id is null || doc.Revision is null || doc.Branch is null)
        {
            throw new FormatException("The deployment record misses one of id, revision, branch, repo or root.");
        }

        if (doc.Version > LatestDeployment.CurrentVersion)
        {
            throw new FormatException($"The deployment record has version {doc.Version}; this Neptune reads up to version {LatestDeployment.CurrentVersion}. Upgrade Neptune.");
        }

        if (!Guid.TryParse(doc.Id, out var id))
        {
            throw new FormatException($"The deployment record's id '{doc.Id}' is not a UUID.");
        }

        var trigger = doc.Root.Trigger switch
        {
            "merge" => Trigger.Merge,
            "manual" => Trigger.Manual,
            _ => throw new FormatException($"The deployment record's trigger '{doc.Root.Trigger}' is neither 'merge' nor 'manual'."),
        };

        try
        {
            var target = new DeployTarget(new RepoRef(doc.Repo.Owner ?? string.Empty, doc.Repo.Name ?? string.Empty), doc.Root.Name ?? string.Empty);
            return new LatestDeployment(id, target, doc.Revision, doc.Branch, trigger, doc.Root.ManualRerun, doc.Root.ManualForce);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The deployment record is invalid: {e.Message}", e);
        }
    }

    internal sealed class Document
    {
        [JsonPropertyName("version")] public int Version { get; set; }
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("revision")] public string? Revision { get; set; }
        [JsonPropertyName("branch")] public string? Branch { get; set; }
        [JsonPropertyName("repo")] public RepoDocument? Repo { get; set; }
        [JsonPropertyName("root")] public RootDocument? Root { get; set; }
    }

    internal sealed class RepoDocument
    {
        [JsonPropertyName("owner")] public string? Owner { get; set; }
        [JsonPropertyName("name")] public string? Name { get; set; }
    }

    internal sealed class RootDocument
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("trigger")] public string? Trigger { get; set; }
        [JsonPropertyName("manualRerun")] public bool ManualRerun { get; set; }
        [JsonPropertyName("manualForce")] public bool ManualForce { get; set; }
    }
}

[JsonSerializable(typeof(LatestDeploymentJson.Document))]
internal sealed partial class LatestDeploymentJsonContext : JsonSerializerContext;
