using System.Globalization;

namespace Neptune.Hosting.Temporal.Tests.Support;

/// <summary>Settings for the terraform stand-in (tests/tools/terraform).</summary>
internal static class StandIn
{
    public static string Json(int changes = 0, double sleep = 0, string sleepIn = "plan", string? fail = null) =>
        "{" + string.Join(", ", new[]
        {
            $"\"changes\": {changes}",
            $"\"sleep\": {sleep.ToString(CultureInfo.InvariantCulture)}",
            $"\"sleep_in\": \"{sleepIn}\"",
            fail is null ? null : $"\"fail\": \"{fail}\"",
        }.Where(s => s is not null)) + "}";
}
