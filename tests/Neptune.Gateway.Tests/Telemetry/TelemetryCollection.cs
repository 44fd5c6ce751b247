namespace Neptune.Gateway.Tests.Telemetry;

/// <summary>
/// Tests that listen to the process-wide <c>Neptune</c> meter and activity source run alone, after the parallel ones, so
/// no other test's gateway adds to the counts they assert.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Neptune telemetry listeners";
}
