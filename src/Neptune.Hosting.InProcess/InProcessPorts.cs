using Neptune.Ports;

namespace Neptune.Hosting.InProcess;

/// <summary>The outside world the in-process host talks to. Hosts wire real adapters; tests wire the same ones against local repos and the terraform stand-in.</summary>
public sealed class InProcessPorts
{
    /// <summary>Answers how a revision relates to the latest deployed one.</summary>
    public required ICommitComparer CommitComparer { get; init; }

    /// <summary>Puts the repository at a revision into a deployment's workspace.</summary>
    public required ISourceFetcher SourceFetcher { get; init; }

    /// <summary>Runs terraform.</summary>
    public required ITerraformExecutor Terraform { get; init; }

    /// <summary>Keeps each target's latest deployment.</summary>
    public required IDeploymentStore DeploymentStore { get; init; }

    /// <summary>Keeps finished job logs.</summary>
    public required IJobLogStore JobLogStore { get; init; }

    /// <summary>Shows deployments as check runs.</summary>
    public required ICheckRunPublisher CheckRunPublisher { get; init; }

    /// <summary>Receives apply audit events.</summary>
    public required IAuditSink AuditSink { get; init; }
}
