using Neptune.Model;

namespace Neptune.Hosting.Temporal.Payloads;

/// <summary>
/// A <see cref="RevisionRequest"/> as a plain document for Temporal payloads (System.Text.Json): the domain type
/// validates in its constructor and has no setters, so it travels as this and is rebuilt (and re-validated) on arrival.
/// </summary>
public sealed class RevisionRequestPayload
{
    /// <summary>The target, <c>owner/repo||root</c>.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The full commit id.</summary>
    public string Revision { get; set; } = string.Empty;

    /// <summary>The branch the revision came from.</summary>
    public string Branch { get; set; } = string.Empty;

    /// <summary>The repository's default branch.</summary>
    public string DefaultBranch { get; set; } = string.Empty;

    /// <summary>Merge or manual.</summary>
    public Trigger Trigger { get; set; }

    /// <summary>Who caused the request.</summary>
    public string InitiatingUser { get; set; } = string.Empty;

    /// <summary>A manual rerun of the latest deployment.</summary>
    public bool Rerun { get; set; }

    /// <summary>A manual forced apply.</summary>
    public bool Force { get; set; }

    /// <summary>The root's tags.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>The pull request that merged the revision, when known.</summary>
    public int? PullNumber { get; set; }

    /// <summary>The root's directory inside the repository.</summary>
    public string RootDir { get; set; } = ".";

    /// <summary>Copies a request.</summary>
    public static RevisionRequestPayload From(RevisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RevisionRequestPayload
        {
            Target = request.Target.Id,
            Revision = request.Revision,
            Branch = request.Branch,
            DefaultBranch = request.DefaultBranch,
            Trigger = request.Trigger,
            InitiatingUser = request.InitiatingUser,
            Rerun = request.Rerun,
            Force = request.Force,
            Tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal),
            PullNumber = request.PullNumber,
            RootDir = request.RootDir,
        };
    }

    /// <summary>Rebuilds the request, validating every field as <see cref="RevisionRequest"/> does.</summary>
    /// <exception cref="ArgumentException">A field is invalid.</exception>
    public RevisionRequest ToRequest() => new(
        DeployTarget.Parse(Target), Revision, Branch, Trigger, InitiatingUser, DefaultBranch, Rerun, Force, Tags, PullNumber, RootDir);
}
