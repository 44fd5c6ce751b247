using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Neptune.Benchmarks.Soak;

/// <summary>
/// The sample gateway as operators run it: <c>dotnet samples/Neptune.Gateway/bin/&lt;configuration&gt;/net10.0/Neptune.Gateway.dll</c>
/// in a child process, configured on its command line (in-process host, GitHub intake against the fake's URL, local
/// bare repositories as clone URLs, the terraform stand-in), on 127.0.0.1 and a free port. Its output goes to a log file.
/// </summary>
public sealed class SoakGateway : IAsyncDisposable
{
    /// <summary>The webhook secret deliveries are signed with.</summary>
    public const string Secret = "soak-webhook-secret";

    private readonly Process _process;
    private readonly StreamWriter _log;

    private SoakGateway(Process process, StreamWriter log, Uri url, string dataDir)
    {
        _process = process;
        _log = log;
        Url = url;
        DataDir = dataDir;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The gateway's base address.</summary>
    public Uri Url { get; }

    /// <summary>The gateway's data dir.</summary>
    public string DataDir { get; }

    /// <summary>A client for the gateway's JSON API.</summary>
    public HttpClient Http { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The audit file (the in-process host's default, <c>&lt;DataDir&gt;/audit.jsonl</c>).</summary>
    public string AuditPath => Path.Combine(DataDir, "audit.jsonl");

    /// <summary>Starts the gateway and waits until <c>/healthz</c> answers.</summary>
    public static async Task<SoakGateway> StartAsync(string workDir, string reposDir, string gitHubApiUrl, string logLevel)
    {
        var repoRoot = RepoRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<configuration>/net10.0
        var dll = Path.Combine(repoRoot, "samples", "Neptune.Gateway", "bin", configuration, "net10.0", "Neptune.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the sample gateway first (dotnet build -c {configuration} samples/Neptune.Gateway).", dll);
        }

        var port = FreePort();
        var dataDir = Path.Combine(workDir, "data");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[
            dll,
            $"--Urls=http://127.0.0.1:{port}",
            $"--Logging:LogLevel:Default={logLevel}",
            $"--Logging:LogLevel:Microsoft.AspNetCore={logLevel}",
            $"--Neptune:DataDir={dataDir}",
            $"--Neptune:Terraform:Path={Path.Combine(repoRoot, "tests", "tools", "terraform")}",
            $"--Neptune:Git:CloneUrl={Path.Combine(reposDir, "{owner}", "{repo}")}",
            $"--Neptune:GitHub:ApiUrl={gitHubApiUrl}",
            "--Neptune:GitHub:Token=ghs_soak_token",
            $"--Neptune:GitHub:WebhookSecret={Secret}",
            $"--Neptune:GitHub:RepoAllowlist:0={SoakRepos.Owner}/*",
            $"--Neptune:GitHub:NeptuneBaseUrl=http://127.0.0.1:{port}/"])
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(Path.Combine(workDir, "gateway.log")) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new SoakGateway(process, log, new Uri($"http://127.0.0.1:{port}/"), dataDir);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {process.ExitCode}; see {Path.Combine(workDir, "gateway.log")}.");
            }

            try
            {
                using var health = await gateway.Http.GetAsync(new Uri("/healthz", UriKind.Relative)).ConfigureAwait(false);
                if (health.IsSuccessStatusCode)
                {
                    return gateway;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                // Not listening yet.
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>The folder holding Neptune.sln, above the build output.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Neptune.sln above the build output.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM: the host shuts down as under systemd or docker stop.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
