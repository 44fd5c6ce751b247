using Neptune.Ports;

namespace Neptune.Hosting.Hangfire;

/// <summary>The outside world the Hangfire host talks to; every node of one database must wire equivalent adapters.</summary>
public sealed class HangfirePorts
{
    /// <summary>Answers how a revision relates to the latest deployed one.</summary>
    public required ICommitComparer CommitComparer { get; init; }

    /// <summary>Puts the repository at a revision into a deployment's workspace.</summary>
    public required ISourceFetcher SourceFetcher { get; init; }

    /// <summary>Runs terraform.</summary>
    public required ITerraformExecutor Terraform { get; init; }

    /// <summary>Keeps each target's latest deployment (shared by all nodes).</summary>
    public required IDeploymentStore DeploymentStore { get; init; }

    /// <summary>Keeps finished job logs (shared by all nodes, so any node can serve a finished log).</summary>
    public required IJobLogStore JobLogStore { get; init; }

    /// <summary>Shows deployments as check runs.</summary>
    public required ICheckRunPublisher CheckRunPublisher { get; init; }

    /// <summary>Receives apply audit events.</summary>
    public required IAuditSink AuditSink { get; init; }
}
