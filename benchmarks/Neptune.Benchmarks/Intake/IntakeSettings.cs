using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Neptune.Benchmarks.Intake;

/// <summary>The <c>intake</c> mode's options, each <c>--name value</c>.</summary>
/// <param name="Seconds">Length of each closed-loop phase (<c>--seconds</c>).</param>
/// <param name="Rounds">Closed-loop rounds, each the bare endpoint, the intake with its worker held, and the intake with its worker running (<c>--rounds</c>).</param>
/// <param name="Connections">Client connections and closed-loop concurrency (<c>--connections</c>).</param>
/// <param name="Rate">Open-loop requests per second (<c>--rate</c>).</param>
/// <param name="OpenSeconds">Length of each open-loop phase (<c>--open-seconds</c>).</param>
/// <param name="WarmupSeconds">Closed-loop warm-up per endpoint, not measured (<c>--warmup</c>).</param>
/// <param name="Repos">Repositories the pushes rotate over (<c>--repos</c>); targets = repos × 4 roots.</param>
/// <param name="LogLevel">The gateway's minimum log level (<c>--log</c>).</param>
public sealed record IntakeSettings(
    double Seconds = 5,
    int Rounds = 2,
    int Connections = 16,
    double Rate = 500,
    double OpenSeconds = 20,
    double WarmupSeconds = 5,
    int Repos = 1000,
    LogLevel LogLevel = LogLevel.Warning)
{
    /// <summary>Reads the options; anything not given keeps its default.</summary>
    public static IntakeSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var defaults = new IntakeSettings();
        return new IntakeSettings(
            Number("--seconds", defaults.Seconds),
            (int)Number("--rounds", defaults.Rounds),
            (int)Number("--connections", defaults.Connections),
            Number("--rate", defaults.Rate),
            Number("--open-seconds", defaults.OpenSeconds),
            Number("--warmup", defaults.WarmupSeconds),
            (int)Number("--repos", defaults.Repos),
            Value("--log") is { } level ? Enum.Parse<LogLevel>(level, ignoreCase: true) : defaults.LogLevel);
    }
}
