namespace Neptune.Hosting.Temporal.Tests.Live;

/// <summary>
/// A test that needs a Temporal server: it runs when <c>NEPTUNE_TEMPORAL_ADDRESS</c> is set (e.g. <c>localhost:7233</c>
/// for <c>temporal server start-dev</c>) and is otherwise skipped with one clear line.
/// </summary>
public sealed class LiveTemporalFactAttribute : FactAttribute
{
    public const string SkipReason = "skipped: no Temporal server (set NEPTUNE_TEMPORAL_ADDRESS)";

    public LiveTemporalFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Address))
        {
            Skip = SkipReason;

            // dotnet test prints skipped tests by display name only, so the reason goes there too: one clear line.
            DisplayName = "Temporal live end-to-end " + SkipReason;
        }
    }

    public static string? Address => Environment.GetEnvironmentVariable("NEPTUNE_TEMPORAL_ADDRESS");
}
