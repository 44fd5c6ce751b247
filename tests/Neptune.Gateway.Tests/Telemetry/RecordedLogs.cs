using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Neptune.Gateway.Tests.Telemetry;

/// <summary>One log call as a provider sees it: message, exception, structured state and every active scope.</summary>
public sealed record LogRecord(
    LogLevel Level, string Category, string Message, string? Exception, IReadOnlyList<KeyValuePair<string, object?>> State, IReadOnlyList<object?> Scopes)
{
    /// <summary>Everything a sink could write: message, exception, each state value and each scope (as text and as values).</summary>
    public string AllText => string.Join(
        "\n",
        new[] { Message, Exception ?? string.Empty }
            .Concat(State.Select(kv => $"{kv.Key}={kv.Value}"))
            .Concat(Scopes.Select(s => s?.ToString() ?? string.Empty))
            .Concat(ScopeValues.Select(kv => $"{kv.Key}={kv.Value}")));

    /// <summary>The structured values of every scope.</summary>
    public IEnumerable<KeyValuePair<string, object?>> ScopeValues => Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s);

    /// <summary>The value named <paramref name="key"/> in the state or a scope, as text; null when none carries it.</summary>
    public string? Value(string key) =>
        State.Concat(ScopeValues).Where(kv => kv.Key == key).Select(kv => kv.Value?.ToString()).FirstOrDefault();
}

/// <summary>A logger provider that records every call at every level with its scopes, as a real sink with scopes on would.</summary>
public sealed class RecordedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            logs._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            logs._records.Enqueue(new LogRecord(logLevel, category, formatter(state, exception), exception?.ToString(), [.. values], scopes));
        }
    }
}
