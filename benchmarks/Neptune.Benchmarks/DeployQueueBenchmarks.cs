using BenchmarkDotNet.Attributes;
using Neptune.Model;
using Neptune.Queue;

namespace Neptune.Benchmarks;

/// <summary>Push then pop of <see cref="Items"/> deployments through <see cref="DeployQueue"/>: time and allocations per item.</summary>
[MemoryDiagnoser]
public class DeployQueueBenchmarks
{
    private const int Items = 1_000;
    private readonly DeployQueue queue = new();
    private readonly Queue<Deployment> bare = new();
    private Deployment[] deployments = [];

    [GlobalSetup]
    public void Setup()
    {
        var target = new DeployTarget(new RepoRef("acme", "infra"), "prod");
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        deployments = Enumerable.Range(0, Items).Select(i =>
        {
            var sha = (i + 1).ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
            return new Deployment(new Guid(i + 1, 0, 0, new byte[8]), new RevisionRequest(target, sha, "main", Trigger.Merge, "dev"), at);
        }).ToArray();
    }

    /// <summary>Baseline: the same items through a bare <see cref="Queue{T}"/> (one lane, no lock, no dedupe).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public int BareQueue()
    {
        foreach (var d in deployments)
        {
            bare.Enqueue(d);
        }

        var popped = 0;
        while (bare.TryDequeue(out _))
        {
            popped++;
        }

        return popped;
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public int PushThenPop()
    {
        foreach (var d in deployments)
        {
            queue.Push(d);
        }

        var popped = 0;
        while (queue.TryPop(out _))
        {
            popped++;
        }

        return popped;
    }
}
