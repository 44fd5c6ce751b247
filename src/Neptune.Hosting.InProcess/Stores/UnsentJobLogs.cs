using Microsoft.Extensions.Logging;
using Neptune.Logs;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Stores;

/// <summary>
/// Finished job logs the job log store refused (S3 down, a full disk): kept under <c>&lt;DataDir&gt;/logs-unsent</c>
/// and sent again with <see cref="RunPolicy.Publish"/>'s backoff until the store takes them, also after a restart.
/// Readers find them here meanwhile. A log the local disk refuses too stays in memory, readable as a live log, and
/// is lost only if Neptune stops before the store takes it (said in the log).
/// </summary>
internal sealed class UnsentJobLogs
{
    private const string Extension = ".log";
    private readonly InProcessNeptune engine;
    private readonly ILogger logger;
    private readonly FileJobLogStore local;

    public UnsentJobLogs(InProcessNeptune engine)
    {
        this.engine = engine;
        logger = engine.LoggerFactory.CreateLogger<UnsentJobLogs>();
        Folder = Path.Combine(engine.Options.FullDataDir, "logs-unsent");
        local = new FileJobLogStore(Folder);
    }

    /// <summary>Where refused logs wait.</summary>
    public string Folder { get; }

    /// <summary>Sends again every log a previous run of Neptune kept.</summary>
    public void Start()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(Extension, StringComparison.Ordinal) && Guid.TryParse(name[..^Extension.Length], out var jobId))
            {
                logger.LogWarning("The log of job {JobId} was not stored before Neptune stopped; storing it from {Path}.", jobId, file);
                engine.Track(SendAsync(jobId, held: null));
            }
        }
    }

    /// <summary>Keeps <paramref name="log"/>, which the store refused with <paramref name="error"/>, and sends it again in the background.</summary>
    /// <returns>Whether the log stays in memory (the local disk refused it too): the caller then keeps it readable.</returns>
    public async Task<bool> KeepAsync(JobLog log, Exception error)
    {
        JobLog? held = null;
        try
        {
            await log.PersistAsync(local, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning(error, "The log of job {JobId} could not be stored; it is kept in {Folder} and stored once the job log store answers.", log.JobId, Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held = log;
            logger.LogError(
                error,
                "The log of job {JobId} could not be stored, nor kept in {Folder} ({DiskError}); it is kept in memory and stored once the job log store answers, unless Neptune stops first.",
                log.JobId,
                Folder,
                e.Message);
        }

        engine.Track(SendAsync(log.JobId, held));
        return held is not null;
    }

    /// <summary>The kept log of <paramref name="jobId"/>, or <see langword="null"/> when none waits here.</summary>
    public Task<Stream?> OpenAsync(Guid jobId, CancellationToken cancellationToken) => local.OpenAsync(jobId, cancellationToken);

    private string PathOf(Guid jobId) => Path.Combine(Folder, StoreKeys.JobLog(null, jobId) + Extension);

    private async Task SendAsync(Guid jobId, JobLog? held)
    {
        var stopping = engine.Stopping;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (held is not null)
                {
                    await held.PersistAsync(engine.Ports.JobLogStore, stopping).ConfigureAwait(false);
                    engine.LiveLogs.TryRemove(new KeyValuePair<Guid, JobLog>(jobId, held));
                }
                else
                {
                    await using (var kept = await local.OpenAsync(jobId, stopping).ConfigureAwait(false))
                    {
                        if (kept is null)
                        {
                            return;
                        }

                        await engine.Ports.JobLogStore.SaveAsync(jobId, kept, stopping).ConfigureAwait(false);
                    }

                    File.Delete(PathOf(jobId));
                }

                logger.LogInformation("The log of job {JobId} was stored after {Attempts} more attempt(s).", jobId, attempt);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (held is not null)
                {
                    logger.LogError("Neptune stopped before the log of job {JobId} could be stored; it was only in memory and is lost.", jobId);
                }

                return;
            }
            catch (Exception e)
            {
                var delay = RunPolicy.Publish.DelayAfter(attempt);
                logger.LogWarning(e, "Storing the kept log of job {JobId} failed (attempt {Attempt}); retrying in {Delay}.", jobId, attempt, delay);
                try
                {
                    await Task.Delay(delay, engine.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    if (held is not null)
                    {
                        logger.LogError("Neptune stopped before the log of job {JobId} could be stored; it was only in memory and is lost.", jobId);
                    }

                    return;
                }
            }
        }
    }
}
