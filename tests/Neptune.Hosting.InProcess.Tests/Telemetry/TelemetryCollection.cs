namespace Neptune.Hosting.InProcess.Tests.Telemetry;

/// <summary>
/// Tests that listen to the process-wide <c>Neptune</c> meter and activity source run alone, after the parallel ones:
/// every harness deploys the same target, so a parallel test would add to the counts asserted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Neptune telemetry listeners";
}
