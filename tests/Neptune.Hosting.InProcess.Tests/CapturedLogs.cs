using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>A logger factory that keeps every line logged, so tests can assert that a fault was reported and how.</summary>
internal sealed class CapturedLogs : ILoggerFactory
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Each entry as <c>Level Category: message</c>, then <c> | </c> and the exception's message when there is one.</summary>
    public IReadOnlyList<string> Lines => [.. lines];

    public IReadOnlyList<string> At(LogLevel level) => [.. Lines.Where(l => l.StartsWith(level + " ", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception.Message)}");
            }
        }
    }
}
