using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.GitHub.Api;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Webhooks;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.GitHub.Tests.Webhooks;

public sealed class IntakeWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Items_of_one_repository_run_in_arrival_order_while_other_repositories_go_ahead()
    {
        await using var run = await WorkerRun.StartAsync(concurrency: 4);
        var a1 = run.Enqueue("acme/a", "a1");
        var a2 = run.Enqueue("acme/a", "a2");
        var b1 = run.Enqueue("acme/b", "b1");

        await a1.Started.WaitAsync(Patience);
        await b1.Started.WaitAsync(Patience); // b1 is not held back by a1, which is still running
        b1.Release();
        await b1.Finished.WaitAsync(Patience);

        await Task.Delay(50); // a2 must not start while a1 runs; give it the chance to misbehave
        Assert.False(a2.Started.IsCompleted, "a2 started before a1 finished");

        a1.Release();
        await a2.Started.WaitAsync(Patience);
        a2.Release();
        await run.Queue.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(["a1", "b1", "a2"], run.StartOrder);
    }

    [Fact]
    public async Task No_more_than_IntakeConcurrency_items_run_at_once()
    {
        await using var run = await WorkerRun.StartAsync(concurrency: 2);
        var items = Enumerable.Range(0, 5).Select(i => run.Enqueue($"acme/r{i}", $"r{i}")).ToArray();

        await items[0].Started.WaitAsync(Patience);
        await items[1].Started.WaitAsync(Patience);
        await Task.Delay(50);
        Assert.Equal(2, items.Count(i => i.Started.IsCompleted));

        items[0].Release();
        await items[2].Started.WaitAsync(Patience);
        Assert.Equal(2, items.Count(i => i.Started.IsCompleted && !i.Finished.IsCompleted));
        foreach (var item in items)
        {
            item.Release();
        }

        await run.Queue.WhenIdleAsync().WaitAsync(Patience);
        Assert.All(items, i => Assert.True(i.Finished.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task A_failed_item_does_not_stop_the_next_item_of_its_repository_and_its_delivery_can_come_again()
    {
        await using var run = await WorkerRun.StartAsync(concurrency: 4);
        Assert.True(run.Deliveries.TryBegin("bad"));
        run.Deliveries.Complete("bad"); // as the handler does when it answers 202
        Assert.False(run.Deliveries.TryBegin("bad"));
        var bad = run.Enqueue("acme/a", "bad", fail: true);
        var next = run.Enqueue("acme/a", "next");
        bad.Release();
        next.Release();

        await run.Queue.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(["bad", "next"], run.StartOrder);
        Assert.True(run.Deliveries.TryBegin("bad")); // forgotten, so GitHub's redelivery is handled
    }

    [Fact]
    public async Task Stopping_ends_running_items_and_names_every_delivery_left_unhandled()
    {
        var run = await WorkerRun.StartAsync(concurrency: 1);
        var first = run.Enqueue("acme/a", "first", honourStop: true);
        run.Enqueue("acme/b", "second");
        await first.Started.WaitAsync(Patience);

        await run.DisposeAsync();

        await run.Queue.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(["first"], run.StartOrder);
        Assert.Contains(run.Log.Lines, l => l.Contains("Stopped before delivery first", StringComparison.Ordinal));
        Assert.Contains(run.Log.Lines, l => l.Contains("Stopped before delivery second", StringComparison.Ordinal));
    }

    [Fact]
    public void IntakeConcurrency_below_one_is_refused_naming_the_key()
    {
        var options = new GitHubWebhookOptions { WebhookSecret = "s", IntakeConcurrency = 0 };
        var result = new GitHubWebhookOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("IntakeConcurrency is 0", result.FailureMessage, StringComparison.Ordinal);
    }

    /// <summary>A worker over a real queue, with items the test holds and releases.</summary>
    private sealed class WorkerRun : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _starts = new();
        private bool _stopped;

        private WorkerRun(int concurrency)
        {
            var options = Options.Create(new GitHubWebhookOptions { IntakeConcurrency = concurrency });
            Queue = new IntakeQueue(options);
            Deliveries = new RecentDeliveries(100);
            var retry = new GitHubRetry(Options.Create(new GitHubOptions { Token = "ghs_test" }), TimeProvider.System, NullLogger<GitHubRetry>.Instance);
            Worker = new IntakeWorker(Queue, new RevisionIntake(new UnusedHost(), new UnusedReader()), Deliveries, options, Log, retry, TimeProvider.System);
        }

        public IntakeQueue Queue { get; }

        public RecentDeliveries Deliveries { get; }

        public IntakeWorker Worker { get; }

        public LinesLogger Log { get; } = new();

        public IReadOnlyList<string> StartOrder => [.. _starts];

        public static async Task<WorkerRun> StartAsync(int concurrency)
        {
            var run = new WorkerRun(concurrency);
            await run.Worker.StartAsync(CancellationToken.None);
            return run;
        }

        public HeldItem Enqueue(string repo, string deliveryId, bool fail = false, bool honourStop = false)
        {
            var held = new HeldItem();
            var item = new IntakeItem(repo, deliveryId, deliveryId, async (_, ct) =>
            {
                _starts.Enqueue(deliveryId);
                held.MarkStarted();
                try
                {
                    await held.Gate.Task.WaitAsync(honourStop ? ct : CancellationToken.None);
                    return fail ? throw new InvalidOperationException("broken") : IntakeOutcome.Nothing("test");
                }
                finally
                {
                    held.MarkFinished();
                }
            });
            Assert.True(Queue.TryEnqueue(item));
            return held;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await Worker.StopAsync(CancellationToken.None);
                Worker.Dispose();
            }
        }
    }

    private sealed class HeldItem
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public Task Finished => _finished.Task;

        public void MarkStarted() => _started.TrySetResult();

        public void MarkFinished() => _finished.TrySetResult();

        public void Release() => Gate.TrySetResult();
    }

    /// <summary>Collects formatted log lines (the worker's only output besides the items it runs).</summary>
    private sealed class LinesLogger : Microsoft.Extensions.Logging.ILogger<IntakeWorker>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }

    /// <summary>The items here never reach a host or GitHub: these only satisfy the worker's constructor.</summary>
    private sealed class UnusedHost : INeptuneClient
    {
        public Task<RevisionReceipt> RequestRevisionAsync(RevisionRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UnlockAsync(DeployTarget target, string user, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReviewAsync(Guid deploymentId, ReviewDecision decision, string user, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TargetStatus> GetTargetAsync(DeployTarget target, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DeploymentStatus> GetDeploymentAsync(Guid deploymentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<string> ReadJobLogAsync(Guid jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class UnusedReader : IRepositoryReader
    {
        public Task<string?> ReadFileAsync(RepoRef repo, string sha, string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DirectoryExistsAsync(RepoRef repo, string sha, string dir, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Neptune.GitHub.Roots.ChangedFile>> ChangedFilesAsync(RepoRef repo, string before, string after, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Neptune.GitHub.Roots.ChangedFile>> CommitFilesAsync(RepoRef repo, string sha, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
