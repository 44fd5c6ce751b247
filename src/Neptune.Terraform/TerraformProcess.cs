using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Neptune.Terraform;

/// <summary>
/// Runs one terraform process to its end: streams its output line by line as it is produced, beats the
/// heartbeat while it runs, and on cancellation asks it to stop (SIGTERM) before forcing it (SIGKILL).
/// </summary>
internal sealed class TerraformProcess
{
    private const int NoSuchFileOrDirectory = 2; // ENOENT, also ERROR_FILE_NOT_FOUND on Windows

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _gracePeriod;
    private readonly TimeSpan _heartbeatInterval;
    private readonly ILogger _logger;

    /// <summary>Creates a runner with the timings of <paramref name="options"/>.</summary>
    public TerraformProcess(TerraformOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _gracePeriod = options.CancellationGracePeriod;
        _heartbeatInterval = options.HeartbeatInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Starts <paramref name="startInfo"/> and returns its exit code once it has exited and all its output
    /// has been written. stderr always goes to <paramref name="writeLine"/>; stdout too, unless
    /// <paramref name="stdoutCapture"/> is given, which then receives stdout's raw bytes.
    /// </summary>
    /// <exception cref="TerraformNotFoundException">The executable does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process has been stopped.</exception>
    public async Task<int> RunAsync(
        ProcessStartInfo startInfo,
        Action<string> writeLine,
        Action? heartbeat,
        Stream? stdoutCapture,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // .NET reports a missing working directory with the same ENOENT as a missing executable;
        // checking first keeps the "executable not found" message honest.
        if (!Directory.Exists(startInfo.WorkingDirectory))
        {
            throw new DirectoryNotFoundException($"The terraform working directory '{startInfo.WorkingDirectory}' does not exist.");
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFileOrDirectory)
        {
            throw new TerraformNotFoundException(startInfo.FileName, e);
        }

        // Terraform must never wait for input: -input=false and TF_INPUT=0 say so, a closed stdin makes sure.
        process.StandardInput.Close();

        // The heartbeat's timer exists before any output is read, so whoever sees the first line knows
        // the heartbeat is already running.
        using var stopHeartbeat = new CancellationTokenSource();
        var beating = heartbeat is null ? Task.CompletedTask : BeatAsync(heartbeat, stopHeartbeat.Token);

        // stdout and stderr are read concurrently, but the log receives one whole line at a time.
        var gate = new Lock();
        void Write(string line)
        {
            lock (gate)
            {
                writeLine(line);
            }
        }

        var stderr = PumpLinesAsync(process.StandardError, Write);
        var stdout = stdoutCapture is null
            ? PumpLinesAsync(process.StandardOutput, Write)
            : process.StandardOutput.BaseStream.CopyToAsync(stdoutCapture, CancellationToken.None);
        var output = Task.WhenAll(stdout, stderr);

        try
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await StopAsync(process, Write).ConfigureAwait(false);

                // Orphaned grandchildren may still hold the pipes open; don't wait on them for ever.
                using var stopDraining = new CancellationTokenSource();
                await Task.WhenAny(output, Task.Delay(_gracePeriod, _timeProvider, stopDraining.Token)).ConfigureAwait(false);
                await stopDraining.CancelAsync().ConfigureAwait(false);
                throw;
            }

            // Every line is in the log before the exit is reported, so a failure's reason is never missing. A process
            // terraform started may outlive it (terraform was killed) and keep the pipes open: wait for it only so long.
            if (!await DrainedAsync(output, cancellationToken).ConfigureAwait(false))
            {
                TerraformLog.OutputHeldOpen(_logger, process.Id, process.ExitCode, _gracePeriod);
                Write($"Neptune: terraform exited with code {process.ExitCode}, but a process it started still held its output open after {Seconds(_gracePeriod)}; stopped reading it.");
            }

            return process.ExitCode;
        }
        finally
        {
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await beating.ConfigureAwait(false);
        }
    }

    /// <summary>Whether the output ended within the grace period after the process exited.</summary>
    private async Task<bool> DrainedAsync(Task output, CancellationToken cancellationToken)
    {
        if (output.IsCompleted)
        {
            await output.ConfigureAwait(false);
            return true;
        }

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = Task.Delay(_gracePeriod, _timeProvider, stopWaiting.Token);
        var first = await Task.WhenAny(output, waited).ConfigureAwait(false);
        await stopWaiting.CancelAsync().ConfigureAwait(false);
        if (first == output)
        {
            await output.ConfigureAwait(false);
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    private static string Seconds(TimeSpan duration) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");

    private static async Task PumpLinesAsync(StreamReader reader, Action<string> write)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            write(line);
        }
    }

    private async Task BeatAsync(Action heartbeat, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_heartbeatInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    heartbeat();
                }
#pragma warning disable CA1031 // A failed liveness report must not kill a terraform that may be mid-apply.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    TerraformLog.HeartbeatFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The process ended: nothing left to report.
        }
    }

    private async Task StopAsync(Process process, Action<string> write)
    {
        var pid = process.Id;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        if (process.HasExited)
        {
            await exited.ConfigureAwait(false);
            return;
        }

        if (!ProcessSignals.TryTerminate(pid))
        {
            // No signals on this platform (or the process just ended): nothing gentler is possible.
            process.Kill(entireProcessTree: true);
            await exited.ConfigureAwait(false);
            return;
        }

        TerraformLog.Terminating(_logger, pid, _gracePeriod);
        write($"Neptune: cancelled; sent SIGTERM to terraform, which has {Seconds(_gracePeriod)} to exit before SIGKILL.");
        using var stopWaiting = new CancellationTokenSource();
        var graceOver = Task.Delay(_gracePeriod, _timeProvider, stopWaiting.Token);
        if (await Task.WhenAny(exited, graceOver).ConfigureAwait(false) != exited)
        {
            // The whole tree: terraform's provider plugins are its children and would otherwise live on.
            process.Kill(entireProcessTree: true);
            TerraformLog.Killed(_logger, pid, _gracePeriod);
            write($"Neptune: terraform did not exit within {Seconds(_gracePeriod)} of SIGTERM; sent SIGKILL.");
        }

        await stopWaiting.CancelAsync().ConfigureAwait(false);
        await exited.ConfigureAwait(false);
    }
}
