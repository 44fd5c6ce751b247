using System.Diagnostics;
using System.Net;

namespace Neptune.Benchmarks.Intake;

/// <summary>One request's timeline, in <see cref="Stopwatch"/> ticks.</summary>
/// <param name="Number">The push's number.</param>
/// <param name="Status">The HTTP status code (0 when the request failed without one).</param>
/// <param name="Due">When it was meant to be sent (open loop) or was sent (closed loop).</param>
/// <param name="Sent">When the client started sending it.</param>
/// <param name="Done">When the whole response had been read.</param>
public readonly record struct RequestTiming(long Number, int Status, long Due, long Sent, long Done);

/// <summary>What one load phase did: every request's timing and the phase's wall time.</summary>
/// <param name="Requests">Each request, in no particular order.</param>
/// <param name="Elapsed">From the first send until the last response.</param>
public sealed record LoadResult(IReadOnlyList<RequestTiming> Requests, TimeSpan Elapsed)
{
    /// <summary>Completed requests per second.</summary>
    public double PerSecond => Requests.Count / Elapsed.TotalSeconds;

    /// <summary>How many requests got each status code.</summary>
    public IReadOnlyDictionary<int, int> Statuses => Requests.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Latency from when each request was due until its response was read.</summary>
    public LatencySummary Latency => LatencySummary.Of(Requests.Select(r => r.Done - r.Due));

    /// <summary>How late the client started each request against its schedule (the generator's own delay).</summary>
    public LatencySummary Lateness => LatencySummary.Of(Requests.Select(r => r.Sent - r.Due));
}

/// <summary>
/// Sends signed push deliveries over HTTP/1.1 with <see cref="HttpClient"/> on a <see cref="SocketsHttpHandler"/> that
/// keeps up to <c>connections</c> connections open, in two ways: a closed loop (as fast as the server answers) and an
/// open loop (at a fixed rate, each request sent at its scheduled time whatever the earlier ones are doing, and timed
/// from that scheduled time, so a slow server shows as latency rather than as fewer requests).
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly PushDeliveries _pushes;
    private readonly int _connections;

    /// <summary>A generator for <paramref name="url"/> over <paramref name="connections"/> connections.</summary>
    public LoadGenerator(Uri url, PushDeliveries pushes, int connections)
    {
        _url = url;
        _pushes = pushes;
        _connections = connections;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
        };
    }

    /// <summary>
    /// <c>connections</c> loops, each sending its next delivery when the previous one's response arrived, for
    /// <paramref name="duration"/> or until <paramref name="maxRequests"/> were sent.
    /// </summary>
    public async Task<LoadResult> ClosedLoopAsync(TimeSpan duration, int maxRequests = int.MaxValue)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = 0;
        var loops = Enumerable.Range(0, _connections).Select(_ => Task.Run(async () =>
        {
            var timings = new List<RequestTiming>(100_000);
            while (Stopwatch.GetTimestamp() < end && Interlocked.Increment(ref started) <= maxRequests)
            {
                var delivery = _pushes.Next();
                var sent = Stopwatch.GetTimestamp();
                var status = await SendAsync(delivery).ConfigureAwait(false);
                timings.Add(new RequestTiming(delivery.Number, status, sent, sent, Stopwatch.GetTimestamp()));
            }

            return timings;
        })).ToArray();
        var all = (await Task.WhenAll(loops).ConfigureAwait(false)).SelectMany(t => t).ToArray();
        return new LoadResult(all, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// <paramref name="rate"/> requests per second for <paramref name="duration"/>: request <c>i</c> is due at
    /// <c>start + i / rate</c>. A dedicated thread sleeps until each is due (1 ms sleeps, so up to about 1 ms late; the
    /// lateness is reported) and starts it without waiting for any response.
    /// </summary>
    public async Task<LoadResult> OpenLoopAsync(double rate, TimeSpan duration)
    {
        var total = (int)Math.Round(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var sends = new Task<RequestTiming>[total];
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var delivery = _pushes.Next();
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                sends[i] = TimedSendAsync(delivery, due);
            }

            dispatched.SetResult();
        })
        { IsBackground = true, Name = "open-loop dispatcher" };
        dispatcher.Start();
        await dispatched.Task.ConfigureAwait(false);
        var all = await Task.WhenAll(sends).ConfigureAwait(false);
        return new LoadResult(all, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Sends one delivery and reads the whole response; returns its status code, or 0 when the request failed.</summary>
    public async Task<int> SendAsync(SignedDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var request = PushRequest.Create(_url, delivery.Body, delivery.DeliveryId, delivery.Signature, "GitHub-Hookshot/benchmark");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private async Task<RequestTiming> TimedSendAsync(SignedDelivery delivery, long due)
    {
        var sent = Stopwatch.GetTimestamp();
        var status = await SendAsync(delivery).ConfigureAwait(false);
        return new RequestTiming(delivery.Number, status, due, sent, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
