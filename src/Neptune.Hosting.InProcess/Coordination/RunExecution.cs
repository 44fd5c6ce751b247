using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Neptune.Deploy;
using Neptune.Git;
using Neptune.Logs;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Telemetry;

namespace Neptune.Hosting.InProcess.Coordination;

/// <summary>
/// The work a coordinator hands to background tasks: compare, plan, apply and workspace cleanup. Each reports
/// back to the coordinator as an event; work cut short by shutdown reports nothing, so recovery decides.
/// </summary>
internal sealed class RunExecution
{
    private const string PlanFileName = "neptune.tfplan";

    // Every log line about a job names its target, deployment and job, whichever logger writes it.
    private static readonly Func<ILogger, string, Guid, Guid, IDisposable?> JobScope =
        LoggerMessage.DefineScope<string, Guid, Guid>("Target {TargetId}, deployment {DeploymentId}, job {JobId}");

    private static readonly Func<ILogger, string, Guid, IDisposable?> DeploymentScope =
        LoggerMessage.DefineScope<string, Guid>("Target {TargetId}, deployment {DeploymentId}");

    private readonly InProcessNeptune engine;
    private readonly ILogger logger;
    private readonly Dictionary<string, string> rootEnvironment;

    public RunExecution(InProcessNeptune engine)
    {
        this.engine = engine;
        logger = engine.LoggerFactory.CreateLogger<RunExecution>();
        rootEnvironment = new Dictionary<string, string>(engine.Options.RootEnvironment, StringComparer.Ordinal);
    }

    private TimeProvider Time => engine.Time;

    public async Task CompareAsync(DeployTarget target, CompareRevisions c)
    {
        using var scope = DeploymentScope(logger, target.Id, c.DeploymentId);
        var stopping = engine.Stopping;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var direction = await engine.Ports.CommitComparer.CompareAsync(c.Repo, c.BaseRevision, c.HeadRevision, stopping).ConfigureAwait(false);
                engine.Post(target, new DeployMessage(new OrderingResolved { At = Time.GetUtcNow(), DeploymentId = c.DeploymentId, Direction = direction }));
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // An error is never a direction: keep asking, backing off, until the comparer answers.
                var delay = RunPolicy.Compare.DelayAfter(attempt);
                logger.LogWarning(e, "Comparing {Head} with {Base} for {Target} failed (attempt {Attempt}); retrying in {Delay}.", c.HeadRevision, c.BaseRevision, target, attempt, delay);
                if (!await DelayAsync(delay).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Plans, retrying failures inside Neptune (a fetch that failed, a crashed process) by <see cref="RunPolicy.Plan"/>, never terraform's own errors.</summary>
    public async Task PlanAsync(DeployTarget target, ExecutePlan p)
    {
        var d = p.Deployment;
        using var scope = JobScope(logger, target.Id, d.Id, p.JobId);
        engine.Traces.TryGetValue(d.Id, out var revision);
        using var activity = StartJob(NeptuneTelemetry.PlanSpan, d, p.JobId, revision);
        if (activity is not null)
        {
            engine.Traces[d.Id] = activity.Context; // the apply continues the plan it applies
        }

        var workspace = engine.Options.DeploymentDir(d.Id);
        var result = await RunJobAsync(d, p.JobId, "plan", RunPolicy.Plan, NeptuneTelemetry.PlanDuration, activity, async (log, ct) =>
        {
            var checkout = Path.Combine(workspace, "repo");
            WorkspaceCleanup.Delete(checkout);
            log.WriteLine($"[neptune] fetching {d.Target.Repo} at {d.Revision}");
            await engine.Ports.SourceFetcher.FetchAsync(d.Target.Repo, d.Revision, checkout, ct).ConfigureAwait(false);
            var context = Context(RootDirectory.Resolve(checkout, d.Request.RootDir), log);
            var planFile = Path.Combine(workspace, PlanFileName);
            await engine.Ports.Terraform.InitAsync(context, ct).ConfigureAwait(false);
            await engine.Ports.Terraform.PlanAsync(context, planFile, ct).ConfigureAwait(false);
            var json = await engine.Ports.Terraform.ShowJsonAsync(context, planFile, ct).ConfigureAwait(false);
            return PlanJson.Read(json);
        }).ConfigureAwait(false);

        if (result.Interrupted)
        {
            return;
        }

        RunEvent report = result.Failure is { } failure
            ? new PlanFailed { At = Time.GetUtcNow(), Failure = failure, Message = result.Message! }
            : new PlanSucceeded { At = Time.GetUtcNow(), Reading = result.Value };
        engine.Post(target, new RunMessage(d.Id, report));
    }

    public async Task ApplyAsync(DeployTarget target, ExecuteApply a)
    {
        var d = a.Deployment;
        using var scope = JobScope(logger, target.Id, d.Id, a.JobId);
        engine.Traces.TryGetValue(d.Id, out var plan);
        using var activity = StartJob(NeptuneTelemetry.ApplySpan, d, a.JobId, plan);
        var workspace = engine.Options.DeploymentDir(d.Id);
        var result = await RunJobAsync(d, a.JobId, "apply", RunPolicy.Apply, NeptuneTelemetry.ApplyDuration, activity, async (log, ct) =>
        {
            // The reviewed plan file, applied as it is: never a fresh plan.
            var context = Context(RootDirectory.Resolve(Path.Combine(workspace, "repo"), d.Request.RootDir), log);
            await engine.Ports.Terraform.ApplyAsync(context, Path.Combine(workspace, PlanFileName), ct).ConfigureAwait(false);
            return default(PlanReading);
        }).ConfigureAwait(false);

        if (result.Interrupted)
        {
            return;
        }

        RunEvent report = result.Failure is { } failure
            ? new ApplyFailed { At = Time.GetUtcNow(), Failure = failure, Message = result.Message! }
            : new ApplySucceeded { At = Time.GetUtcNow() };
        engine.Post(target, new RunMessage(d.Id, report));
    }

    public Task CleanupAsync(Guid deploymentId)
    {
        try
        {
            WorkspaceCleanup.Delete(engine.Options.DeploymentDir(deploymentId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the workspace of deployment {DeploymentId}; remove it by hand.", deploymentId);
        }

        return Task.CompletedTask;
    }

    private TerraformContext Context(string workingDirectory, JobLog log) =>
        new(workingDirectory, rootEnvironment, log);

    private static Activity? StartJob(string name, Deployment d, Guid jobId, ActivityContext parent)
    {
        // Without a remembered parent (nobody traced the request, or the host restarted since) this starts a new trace.
        var activity = NeptuneTelemetry.ActivitySource.StartActivity(name, ActivityKind.Internal, parent);
        if (activity is not null)
        {
            activity.SetTag(NeptuneTelemetry.TargetTag, d.Target.Id);
            activity.SetTag(NeptuneTelemetry.DeploymentIdTag, d.Id);
            activity.SetTag(NeptuneTelemetry.JobIdTag, jobId);
            activity.SetTag(NeptuneTelemetry.RevisionTag, d.Revision);
        }

        return activity;
    }

    private async Task<JobResult> RunJobAsync(
        Deployment d, Guid jobId, string what, RetryPolicy policy, Histogram<double> duration, Activity? activity, Func<JobLog, CancellationToken, Task<PlanReading>> job)
    {
        var started = Time.GetTimestamp();
        var result = await RunJobAsync(jobId, what, policy, job).ConfigureAwait(false);
        if (result.Interrupted)
        {
            return result; // cut short by shutdown: neither a duration nor an outcome
        }

        var outcome = result.Failure ?? RunOutcome.Succeeded;
        if (activity is not null)
        {
            activity.SetTag(NeptuneTelemetry.OutcomeTag, outcome.ToString());
            if (result.Failure is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Message);
            }
        }

        var elapsed = Time.GetElapsedTime(started);
        logger.LogInformation("The {What} of {Revision} finished: {Outcome} after {Elapsed}.", what, d.Revision, outcome, elapsed);
        if (duration.Enabled)
        {
            duration.Record(elapsed.TotalSeconds, new TagList { { NeptuneTelemetry.TargetTag, d.Target.Id }, { NeptuneTelemetry.OutcomeTag, outcome.ToString() } });
        }

        return result;
    }

    private async Task<JobResult> RunJobAsync(Guid jobId, string what, RetryPolicy policy, Func<JobLog, CancellationToken, Task<PlanReading>> job)
    {
        var log = new JobLog(jobId, engine.JobLogOptions);
        engine.LiveLogs[jobId] = log;
        JobResult result;
        for (var attempt = 1; ; attempt++)
        {
            result = await AttemptAsync(log, what, job).ConfigureAwait(false);
            if (result is not { Failure: { } failure } || !policy.ShouldRetry(failure, attempt))
            {
                break;
            }

            var delay = policy.DelayAfter(attempt);
            log.WriteLine($"[neptune] attempt {attempt} of the {what} failed; trying again in {delay.TotalSeconds:0} s.");
            if (!await DelayAsync(delay).ConfigureAwait(false))
            {
                result = new JobResult(default, null, null, true);
                break;
            }
        }

        log.Complete();
        var held = false;
        try
        {
            await log.PersistAsync(engine.Ports.JobLogStore, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Kept on local disk (or in memory) and sent again until the store takes it: a store outage loses no log.
            held = await engine.UnsentLogs.KeepAsync(log, e).ConfigureAwait(false);
        }
        finally
        {
            // Only after the store (or the local copy) has it, so a reader never finds neither.
            if (!held)
            {
                engine.LiveLogs.TryRemove(new KeyValuePair<Guid, JobLog>(jobId, log));
            }
        }

        return result;
    }

    private async Task<JobResult> AttemptAsync(JobLog log, string what, Func<JobLog, CancellationToken, Task<PlanReading>> job)
    {
        using var timeout = new CancellationTokenSource(RunPolicy.StepTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, engine.Stopping);
        JobResult result;
        try
        {
            result = new JobResult(await job(log, linked.Token).ConfigureAwait(false), null, null, false);
        }
        catch (OperationCanceledException) when (engine.Stopping.IsCancellationRequested)
        {
            log.WriteLine($"[neptune] {what} interrupted: Neptune is shutting down.");
            result = new JobResult(default, null, null, true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = Failed(log, RunOutcome.DurationTimeout, $"The {what} ran longer than {RunPolicy.StepTimeout.TotalMinutes:0} minutes and was stopped.");
        }
        catch (TerraformClientException e)
        {
            result = Failed(log, RunOutcome.TerraformFailed, e.Message);
        }
        catch (Exception e) when (e is RootDirectoryException or Neptune.Terraform.TerraformNotFoundException)
        {
            // Configuration errors (a root outside the checkout, no terraform executable): retrying cannot fix them, so they are final.
            result = Failed(log, RunOutcome.TerraformFailed, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The {What} of job {JobId} failed.", what, log.JobId);
            result = Failed(log, RunOutcome.InternalError, $"The {what} failed inside Neptune: {e.Message}");
        }

        return result;
    }

    private static JobResult Failed(JobLog log, RunOutcome failure, string message)
    {
        log.WriteLine($"[neptune] {message}");
        return new JobResult(default, failure, message, false);
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(delay, Time, engine.Stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private readonly record struct JobResult(PlanReading Value, RunOutcome? Failure, string? Message, bool Interrupted);
}
