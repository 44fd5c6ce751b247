using Neptune.Audit;

namespace Neptune.Ports;

/// <summary>Receives apply audit events (SNS, a file, the log).</summary>
public interface IAuditSink
{
    /// <summary>Publishes one event. Called once per apply state transition; <see cref="AuditEvent.IdempotencyKey"/> guards retries.</summary>
    Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken);
}
