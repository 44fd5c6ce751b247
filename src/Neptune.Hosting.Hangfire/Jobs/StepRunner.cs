using Microsoft.Extensions.Logging;
using Neptune.Git;
using Neptune.Logs;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Jobs;

/// <summary>Runs the terraform steps of a deployment on this node, with the job log, the step timeout and the plan retries of <see cref="RunPolicy"/>.</summary>
internal sealed class StepRunner
{
    private const string PlanFileName = "neptune.tfplan";
    private readonly HangfireRuntime runtime;
    private readonly ILogger logger;

    public StepRunner(HangfireRuntime runtime)
    {
        this.runtime = runtime;
        logger = runtime.LoggerFactory.CreateLogger<StepRunner>();
    }

    public Task<StepResult> PlanAsync(Deployment d, CancellationToken stopping)
    {
        var workspace = runtime.Options.DeploymentDir(d.Id);
        return RunJobAsync(d.PlanJobId, "plan", RunPolicy.Plan, stopping, async (log, ct) =>
        {
            var checkout = Path.Combine(workspace, "repo");
            WorkspaceCleanup.Delete(checkout);
            log.WriteLine($"[neptune] fetching {d.Target.Repo} at {d.Revision} on node {runtime.Node.Name}");
            await runtime.Ports.SourceFetcher.FetchAsync(d.Target.Repo, d.Revision, checkout, ct).ConfigureAwait(false);
            var context = Context(RootDirectory.Resolve(checkout, d.Request.RootDir), log);
            var planFile = Path.Combine(workspace, PlanFileName);
            await runtime.Ports.Terraform.InitAsync(context, ct).ConfigureAwait(false);
            await runtime.Ports.Terraform.PlanAsync(context, planFile, ct).ConfigureAwait(false);
            var json = await runtime.Ports.Terraform.ShowJsonAsync(context, planFile, ct).ConfigureAwait(false);
            return PlanJson.Read(json);
        });
    }

    public Task<StepResult> ApplyAsync(Deployment d, CancellationToken stopping)
    {
        var workspace = runtime.Options.DeploymentDir(d.Id);
        return RunJobAsync(d.ApplyJobId, "apply", RunPolicy.Apply, stopping, async (log, ct) =>
        {
            // The reviewed plan file, applied as it is: never a fresh plan.
            var context = Context(RootDirectory.Resolve(Path.Combine(workspace, "repo"), d.Request.RootDir), log);
            await runtime.Ports.Terraform.ApplyAsync(context, Path.Combine(workspace, PlanFileName), ct).ConfigureAwait(false);
            return default;
        });
    }

    private TerraformContext Context(string workingDirectory, JobLog log) =>
        new(workingDirectory, new Dictionary<string, string>(runtime.Options.RootEnvironment, StringComparer.Ordinal), log);

    private async Task<StepResult> RunJobAsync(Guid jobId, string what, RetryPolicy policy, CancellationToken stopping, Func<JobLog, CancellationToken, Task<PlanReading>> job)
    {
        var log = new JobLog(jobId, runtime.JobLogOptions);
        runtime.LiveLogs[jobId] = log;
        StepResult result;
        for (var attempt = 1; ; attempt++)
        {
            result = await AttemptAsync(log, what, stopping, job).ConfigureAwait(false);
            if (result is not { Failure: { } failure } || !policy.ShouldRetry(failure, attempt))
            {
                break;
            }

            var delay = policy.DelayAfter(attempt);
            log.WriteLine($"[neptune] attempt {attempt} of the {what} failed; trying again in {delay.TotalSeconds:0} s.");
            try
            {
                await Task.Delay(delay, runtime.Time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                result = new StepResult(default, null, null, true);
                break;
            }
        }

        log.Complete();
        try
        {
            await log.PersistAsync(runtime.Ports.JobLogStore, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The log of job {JobId} could not be stored.", jobId);
        }
        finally
        {
            runtime.LiveLogs.TryRemove(new KeyValuePair<Guid, JobLog>(jobId, log));
        }

        return result;
    }

    private async Task<StepResult> AttemptAsync(JobLog log, string what, CancellationToken stopping, Func<JobLog, CancellationToken, Task<PlanReading>> job)
    {
        using var timeout = new CancellationTokenSource(RunPolicy.StepTimeout, runtime.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            return new StepResult(await job(log, linked.Token).ConfigureAwait(false), null, null, false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            log.WriteLine($"[neptune] {what} interrupted: the node is shutting down.");
            return new StepResult(default, null, null, true);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed(log, RunOutcome.DurationTimeout, $"The {what} ran longer than {RunPolicy.StepTimeout.TotalMinutes:0} minutes and was stopped.");
        }
        catch (Exception e) when (e is TerraformClientException or RootDirectoryException)
        {
            // Terraform's own errors and a root outside the checkout: retrying cannot fix them.
            return Failed(log, RunOutcome.TerraformFailed, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The {What} of job {JobId} failed.", what, log.JobId);
            return Failed(log, RunOutcome.InternalError, $"The {what} failed inside Neptune: {e.Message}");
        }
    }

    private static StepResult Failed(JobLog log, RunOutcome failure, string message)
    {
        log.WriteLine($"[neptune] {message}");
        return new StepResult(default, failure, message, false);
    }
}

/// <summary>How one step ended: a value, a failure, or cut short by shutdown.</summary>
internal readonly record struct StepResult(PlanReading Value, RunOutcome? Failure, string? Message, bool Interrupted);
