using Neptune.Model;

namespace Neptune.CheckRuns;

/// <summary>A deployment waiting in a queue, as listed in another run's summary.</summary>
/// <param name="DeploymentId">Its deployment id.</param>
/// <param name="Revision">Its commit.</param>
/// <param name="Trigger">Its lane.</param>
/// <param name="CheckRunId">Its newest check run, when GitHub has told us its id.</param>
public sealed record QueuedRun(Guid DeploymentId, string Revision, Trigger Trigger, long? CheckRunId);
