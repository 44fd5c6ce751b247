using Microsoft.Extensions.Logging;
using Neptune.Git;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Workflows;
using Neptune.Logs;
using Neptune.Model;
using Neptune.Plans;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Terraform;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Neptune.Hosting.Temporal.Activities;

/// <summary>
/// The terraform run's activities, run by terraform workers. The first (<see cref="ClaimWorkerQueue"/>) runs on the
/// shared queue and returns this host's own queue; every later one runs there, because the checkout and the plan file
/// stay on this disk. Output goes line by line into the job's <see cref="JobLog"/> on this worker, which is persisted
/// to the job store when the job ends: no log text or plan JSON passes through Temporal.
/// </summary>
public sealed class TerraformActivities
{
    private const string PlanFileName = "neptune.tfplan";
    private readonly TerraformWorker worker;
    private readonly ISourceFetcher sourceFetcher;
    private readonly ITerraformExecutor terraform;
    private readonly IJobLogStore jobLogStore;
    private readonly ILogger logger;

    /// <summary>Creates the activities.</summary>
    public TerraformActivities(TerraformWorker worker, ISourceFetcher sourceFetcher, ITerraformExecutor terraform, IJobLogStore jobLogStore, ILogger<TerraformActivities> logger)
    {
        this.worker = worker;
        this.sourceFetcher = sourceFetcher;
        this.terraform = terraform;
        this.jobLogStore = jobLogStore;
        this.logger = logger;
    }

    /// <summary>Claims a run for this host: returns its own task queue, to which the run pins every later step.</summary>
    [Activity("neptune-claim-worker")]
    public string ClaimWorkerQueue() => worker.TaskQueue;

    /// <summary>Fetches the repository at the revision into <c>&lt;workspace&gt;/repo</c>, heartbeating while git runs.</summary>
    [Activity("neptune-fetch")]
    public Task FetchAsync(StepInput input) => StepAsync(input, "fetch", async (d, log, context, token) =>
    {
        var checkout = Checkout(d.Id);
        WorkspaceCleanup.Delete(checkout);
        log.WriteLine($"[neptune] fetching {d.Target.Repo} at {d.Revision}");
        using var beating = HeartbeatLoop.Start(context, worker.HeartbeatInterval, token);
        await sourceFetcher.FetchAsync(d.Target.Repo, d.Revision, checkout, token).ConfigureAwait(false);
        return true;
    });

    /// <summary><c>terraform init</c> in the root.</summary>
    [Activity("neptune-init")]
    public Task InitAsync(StepInput input) => StepAsync(input, "init", async (d, log, context, token) =>
    {
        await terraform.InitAsync(Terraform(d, log, context), token).ConfigureAwait(false);
        return true;
    });

    /// <summary><c>terraform plan -out</c> to the workspace's plan file.</summary>
    [Activity("neptune-plan")]
    public Task PlanAsync(StepInput input) => StepAsync(input, "plan", async (d, log, context, token) =>
    {
        await terraform.PlanAsync(Terraform(d, log, context), PlanFile(d.Id), token).ConfigureAwait(false);
        return true;
    });

    /// <summary><c>terraform show -json</c> of the plan file; returns only the summary (the JSON stays here).</summary>
    [Activity("neptune-show")]
    public Task<PlanReadingPayload> ShowAsync(StepInput input) => StepAsync(input, "show", async (d, log, context, token) =>
    {
        var json = await terraform.ShowJsonAsync(Terraform(d, log, context), PlanFile(d.Id), token).ConfigureAwait(false);
        return PlanReadingPayload.From(PlanJson.Read(json));
    });

    /// <summary><c>terraform apply</c> of exactly the reviewed plan file. Attempted once (the workflow never retries it).</summary>
    [Activity("neptune-apply")]
    public Task ApplyAsync(StepInput input) => StepAsync(input, "apply", async (d, log, context, token) =>
    {
        await terraform.ApplyAsync(Terraform(d, log, context), PlanFile(d.Id), token).ConfigureAwait(false);
        return true;
    });

    /// <summary>Completes a job's log on this worker and persists it to the job store.</summary>
    [Activity("neptune-finish-job-log")]
    public async Task FinishJobLogAsync(Guid jobId)
    {
        var log = worker.LogOf(jobId);
        log.Complete();
        await log.PersistAsync(jobLogStore, Token).ConfigureAwait(false);

        // Only after the store has it, so a reader never finds neither.
        worker.LiveLogs.TryRemove(new KeyValuePair<Guid, JobLog>(jobId, log));
    }

    /// <summary>Removes the deployment's workspace; errors are logged and ignored (spec §5: cleanup always runs, errors ignored).</summary>
    [Activity("neptune-cleanup")]
    public Task CleanupAsync(Guid deploymentId)
    {
        try
        {
            WorkspaceCleanup.Delete(worker.DeploymentDir(deploymentId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the workspace of deployment {DeploymentId}; remove it by hand.", deploymentId);
        }

        return Task.CompletedTask;
    }

    private async Task<T> StepAsync<T>(StepInput input, string step, Func<Deployment, JobLog, ActivityExecutionContext?, CancellationToken, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current : null;
        var token = context?.CancellationToken ?? CancellationToken.None;
        var deployment = input.Deployment.ToDeployment();
        var log = worker.LogOf(input.JobId);
        try
        {
            return await run(deployment, log, context, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            log.WriteLine($"[neptune] {step} cancelled.");
            throw;
        }
        catch (Exception e) when (e is TerraformClientException or RootDirectoryException or TerraformNotFoundException)
        {
            // Problems of the configuration: retrying cannot fix them, so they are final (spec §5).
            log.WriteLine($"[neptune] {e.Message}");
            throw new ApplicationFailureException(e.Message, e, ActivityPolicies.TerraformClientError, nonRetryable: true);
        }
        catch (Exception e)
        {
            log.WriteLine($"[neptune] the {step} failed inside Neptune: {e.Message}");
            throw;
        }
    }

    private TerraformContext Terraform(Deployment d, JobLog log, ActivityExecutionContext? context) =>
        new(RootDirectory.Resolve(Checkout(d.Id), d.Request.RootDir), worker.RootEnvironment, log, context is null ? null : () => context.Heartbeat());

    private string Checkout(Guid deploymentId) => Path.Combine(worker.DeploymentDir(deploymentId), "repo");

    private string PlanFile(Guid deploymentId) => Path.Combine(worker.DeploymentDir(deploymentId), PlanFileName);

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
