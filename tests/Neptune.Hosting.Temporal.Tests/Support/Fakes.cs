using System.Collections.Concurrent;
using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.Hosting.Temporal.Tests.Support;

internal sealed class MemoryJobLogStore : IJobLogStore
{
    public ConcurrentDictionary<Guid, string> Logs { get; } = new();

    public async Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content);
        Logs[jobId] = await reader.ReadToEndAsync(cancellationToken);
    }

    public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(Logs.TryGetValue(jobId, out var text) ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) : null);
}

internal sealed class MemoryDeploymentStore : IDeploymentStore
{
    public ConcurrentDictionary<string, LatestDeployment> Latest { get; } = new();

    public Task<LatestDeployment?> GetLatestAsync(DeployTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(Latest.TryGetValue(target.Id, out var l) ? l : null);

    public Task SaveLatestAsync(LatestDeployment deployment, CancellationToken cancellationToken)
    {
        Latest[deployment.Target.Id] = deployment;
        return Task.CompletedTask;
    }
}

internal sealed class RecordingCheckRunPublisher : ICheckRunPublisher
{
    private long next = 5_000_000_000;

    public ConcurrentQueue<CheckRunPublication> Published { get; } = new();

    public Task<long> PublishAsync(CheckRunPublication publication, CancellationToken cancellationToken)
    {
        Published.Enqueue(publication);
        return Task.FromResult(publication.ExistingCheckRunId ?? Interlocked.Increment(ref next));
    }
}

internal sealed class RecordingAuditSink : IAuditSink
{
    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    public Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(auditEvent);
        return Task.CompletedTask;
    }
}

internal sealed class FixedComparer(CompareDirection direction) : ICommitComparer
{
    public Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken) => Task.FromResult(direction);
}

/// <summary>A fetcher that writes the root's files instead of cloning, optionally slowly or failing.</summary>
internal sealed class FileWritingFetcher(string standinJson, TimeSpan delay = default, Exception? failure = null) : ISourceFetcher
{
    public async Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        if (failure is not null)
        {
            throw failure;
        }

        Directory.CreateDirectory(destination);
        await File.WriteAllTextAsync(Path.Combine(destination, "main.tf"), "resource \"null_resource\" \"x\" {}\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(destination, ".standin.json"), standinJson, cancellationToken);
    }
}
