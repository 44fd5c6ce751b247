using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Neptune.Logs;
using Neptune.Ports;

namespace Neptune.Benchmarks;

/// <summary>
/// Lines per second from one writer to <see cref="Readers"/> live readers and a kept buffer: a bare
/// channel fan-out (the baseline: what the job log cannot beat) against <see cref="JobLog"/> with its lock,
/// replay hand-over, completion and persist. Mean is the time per line; lines/s = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
public class JobLogBenchmarks
{
    /// <summary>Lines written per invocation.</summary>
    public const int LineTotal = 100_000;

    private const int Readers = 4;
    private static readonly Guid JobId = new("0b7e3c7a-9f1d-4e52-8a6b-3c2d1e0f9a8b");
    private string[] lines = [];

    [GlobalSetup]
    public void Setup()
    {
        // Shaped like terraform plan output: mostly 40–90 characters, built once so no benchmark pays for them.
        lines = Enumerable.Range(0, LineTotal).Select(i => (i % 4) switch
        {
            0 => $"  # aws_security_group_rule.ingress[{i}] will be updated in-place",
            1 => $"      ~ cidr_blocks = [\"10.{i % 256}.0.0/16\"] -> [\"10.{(i + 1) % 256}.0.0/16\"]",
            2 => $"aws_instance.worker[{i}]: Refreshing state... [id=i-{i:x12}]",
            _ => "",
        }).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LineTotal)]
    public async Task<int> BareChannelFanOut()
    {
        // The same kind of channel JobLog gives each reader (JobLog bounds it with counters of its own).
        var options = new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = true,
            AllowSynchronousContinuations = false,
        };
        var channels = new Channel<string>[Readers];
        var drains = new Task<int>[Readers];
        for (var r = 0; r < Readers; r++)
        {
            channels[r] = Channel.CreateUnbounded<string>(options);
            drains[r] = DrainAsync(channels[r].Reader);
        }

        var kept = new List<string>();
        foreach (var line in lines)
        {
            kept.Add(line);
            foreach (var channel in channels)
            {
                channel.Writer.TryWrite(line);
            }
        }

        foreach (var channel in channels)
        {
            channel.Writer.Complete();
        }

        return Check(await Task.WhenAll(drains)) + kept.Count;
    }

    [Benchmark(OperationsPerInvoke = LineTotal)]
    public async Task<int> JobLogFanOutAndPersist()
    {
        var log = new JobLog(JobId, new JobLogOptions { ReaderBufferLines = LineTotal });
        var drains = new Task<int>[Readers];
        for (var r = 0; r < Readers; r++)
        {
            // The first pull registers the reader here, before any line: all four read live lines.
            var reader = log.ReadAllAsync().GetAsyncEnumerator();
            drains[r] = DrainAsync(reader, reader.MoveNextAsync());
        }

        foreach (var line in lines)
        {
            log.WriteLine(line);
        }

        log.Complete();
        var read = Check(await Task.WhenAll(drains));
        await log.PersistAsync(NullStore.Instance, CancellationToken.None);
        return read + log.LineCount;
    }

    private static async Task<int> DrainAsync(ChannelReader<string> reader)
    {
        var count = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out _))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<int> DrainAsync(IAsyncEnumerator<string> reader, ValueTask<bool> first)
    {
        var count = 0;
        if (await first.ConfigureAwait(false))
        {
            count++;
            while (await reader.MoveNextAsync().ConfigureAwait(false))
            {
                count++;
            }
        }

        await reader.DisposeAsync().ConfigureAwait(false);
        return count;
    }

    // A reader that got fewer lines (or the fell-behind notice) would make the benchmark measure less work.
    private static int Check(int[] counts)
    {
        foreach (var count in counts)
        {
            if (count != LineTotal)
            {
                throw new InvalidOperationException($"A reader got {count} lines instead of {LineTotal}.");
            }
        }

        return counts.Sum();
    }

    /// <summary>A store that reads the text to its end and keeps nothing, like a store streaming to a remote.</summary>
    private sealed class NullStore : IJobLogStore
    {
        public static readonly NullStore Instance = new();

        public Task SaveAsync(Guid jobId, Stream content, CancellationToken cancellationToken) =>
            content.CopyToAsync(Stream.Null, cancellationToken);

        public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);
    }
}
