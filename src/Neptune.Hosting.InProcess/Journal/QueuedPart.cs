namespace Neptune.Hosting.InProcess.Journal;

/// <summary>One queued deployment's part.</summary>
/// <param name="DeploymentId">The deployment.</param>
/// <param name="Json">Its part, as <c>DeployStateJson.SerializeQueued</c> wrote it.</param>
public sealed record QueuedPart(Guid DeploymentId, string Json);
