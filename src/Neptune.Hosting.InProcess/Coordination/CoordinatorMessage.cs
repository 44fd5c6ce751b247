using Neptune.Client;
using Neptune.Deploy;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>What a target's coordinator reads from its mailbox.</summary>
internal abstract record CoordinatorMessage
{
    /// <summary>Completed once the message's effects are committed: <see langword="null"/> when accepted, else the reason.</summary>
    public TaskCompletionSource<string?>? Reply { get; init; }
}

/// <summary>An event for the target's deploy decider.</summary>
internal sealed record DeployMessage(DeployEvent Event) : CoordinatorMessage;

/// <summary>An event for the run of one deployment.</summary>
internal sealed record RunMessage(Guid DeploymentId, RunEvent Event) : CoordinatorMessage;

/// <summary>Asks for a consistent view of the target.</summary>
internal sealed record StatusQuery(TaskCompletionSource<TargetStatus> Status) : CoordinatorMessage;
