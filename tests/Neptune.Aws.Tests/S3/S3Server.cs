using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;
using Neptune.Aws.S3;
using Neptune.Aws.Tests.Support;

namespace Neptune.Aws.Tests.S3;

/// <summary>
/// A real S3-compatible server (s3rver 3.7.1 under tests/tools/s3rver, installed by .ci/run) on 127.0.0.1 with a
/// temp data folder and one bucket. It can be stopped and started again on the same port and folder.
/// </summary>
public sealed partial class S3Server : IAsyncLifetime
{
    public const string Bucket = "neptune-test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string dataDir = Directory.CreateTempSubdirectory("neptune-s3rver-").FullName;
    private Process? process;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public static string Script => System.IO.Path.Combine(RepositoryRoot.Path, "tests", "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("S3RVER", "S3RVER");

    public Task InitializeAsync() => StartAsync(0);

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public S3StoreOptions Options(string? prefix = null, int maxAttempts = 3, TimeSpan? initialDelay = null) => new()
    {
        Bucket = Bucket,
        Prefix = prefix,
        ServiceUrl = ServiceUrl,
        Region = "us-east-1",
        ForcePathStyle = true,
        MaxAttempts = maxAttempts,
        InitialRetryDelay = initialDelay ?? TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.FromSeconds(2),
    };

    public IAmazonS3 Client(S3StoreOptions options) => S3ClientFactory.Create(options, Credentials);

    /// <summary>Starts the server; port 0 picks a free one, any other port reuses it (after a stop).</summary>
    public async Task StartAsync(int port)
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"s3rver is not installed at {Script}: run 'npm ci --prefix tests/tools/s3rver' (.ci/run does).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Script, "-d", dataDir, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(a);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var p = new Process { StartInfo = start, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data);
        p.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited before listening: " + string.Join(" | ", output)));
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        process = p;
        try
        {
            Port = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await StopAsync();
            throw new InvalidOperationException($"s3rver did not listen within {StartTimeout}: " + string.Join(" | ", output));
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    public async Task StopAsync()
    {
        if (process is { } p)
        {
            process = null;
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            await p.WaitForExitAsync();
            p.Dispose();
        }
    }

    /// <summary>Starts the server again on the port and folder it had.</summary>
    public Task RestartAsync() => StartAsync(Port);

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
