using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Jobs;

/// <summary>How an apply ended, as recorded in the run's placement before it is reported.</summary>
internal static class ApplyOutcome
{
    public const string Succeeded = "ok";

    public static string Encode(RunOutcome failure, string message) => $"{failure}|{message}";

    public static RunEvent Decode(string value, DateTimeOffset at)
    {
        if (value == Succeeded)
        {
            return new ApplySucceeded { At = at };
        }

        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return new ApplyFailed { At = at, Failure = Enum.Parse<RunOutcome>(value.AsSpan(0, bar)), Message = value[(bar + 1)..] };
    }
}
