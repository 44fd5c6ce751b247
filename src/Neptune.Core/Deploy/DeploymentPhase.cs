namespace Neptune.Deploy;

/// <summary>Where the in-flight deployment of a target stands.</summary>
public enum DeploymentPhase
{
    /// <summary>Waiting for <see cref="OrderingResolved"/>.</summary>
    Ordering,

    /// <summary>Its terraform run is going.</summary>
    Running,
}
