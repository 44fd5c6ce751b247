using global::Hangfire;
using Microsoft.Extensions.Logging;
using Neptune.Deploy;
using Neptune.Git;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Jobs;

/// <summary>
/// The work of a deployment as Hangfire jobs: compare and plan on the shared queue (any node), apply and cleanup on
/// the private queue of the node that planned (its files are there). Each reports back as a target event.
/// </summary>
public sealed class RunJobs
{
    private readonly HangfireRuntime runtime;
    private readonly RunClaims claims;
    private readonly StepRunner steps;
    private readonly ILogger logger;

    internal RunJobs(HangfireRuntime runtime)
    {
        this.runtime = runtime;
        claims = new RunClaims(runtime);
        steps = new StepRunner(runtime);
        logger = runtime.LoggerFactory.CreateLogger<RunJobs>();
    }

    /// <summary>Compares the deployment's revision with the deployed one and reports the direction; an error is retried later, never taken as a direction.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task CompareAsync(string target, Guid deploymentId, string baseRevision, string headRevision, int attempt, CancellationToken cancellationToken)
    {
        var t = DeployTarget.Parse(target);
        CompareDirection direction;
        try
        {
            direction = await runtime.Ports.CommitComparer.CompareAsync(t.Repo, baseRevision, headRevision, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var delay = RunPolicy.Compare.DelayAfter(attempt);
            logger.LogWarning(e, "Comparing {Head} with {Base} for {Target} failed (attempt {Attempt}); retrying in {Delay}.", headRevision, baseRevision, t, attempt, delay);
            new BackgroundJobClient(runtime.Storage).Create<RunJobs>(
                j => j.CompareAsync(target, deploymentId, baseRevision, headRevision, attempt + 1, CancellationToken.None),
                new global::Hangfire.States.ScheduledState(delay));
            return;
        }

        await runtime.Events.HandleAsync(t, $"ordering:{deploymentId}", d => d.Decide(new OrderingResolved { At = d.Now, DeploymentId = deploymentId, Direction = direction }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches, inits, plans and shows on this node, then reports the plan. A stale attempt does nothing.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task PlanAsync(string target, Guid deploymentId, int attempt, CancellationToken cancellationToken)
    {
        var t = DeployTarget.Parse(target);
        if (claims.ClaimPlan(t, deploymentId, attempt) is not { } deployment)
        {
            logger.LogInformation("Plan attempt {Attempt} of {DeploymentId} is no longer wanted; skipped.", attempt, deploymentId);
            return;
        }

        var result = await steps.PlanAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (result.Interrupted)
        {
            // Shutting down: report nothing. The node stops heartbeating and another node plans again.
            return;
        }

        await runtime.Events.HandleAsync(t, $"plan:{deploymentId}:{attempt}", d => d.DecideRun(deploymentId, result.Failure is { } failure
            ? new PlanFailed { At = d.Now, Failure = failure, Message = result.Message! }
            : new PlanSucceeded { At = d.Now, Reading = result.Value }), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Applies the reviewed plan file on this node, at most once per deployment, then reports how it ended.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task ApplyAsync(string target, Guid deploymentId, CancellationToken cancellationToken)
    {
        var t = DeployTarget.Parse(target);
        var (claim, deployment, recorded) = claims.ClaimApply(t, deploymentId);
        string outcome;
        switch (claim)
        {
            case RunClaims.ApplyClaim.NotMine:
                logger.LogInformation("The apply of {DeploymentId} is not this node's to run; skipped.", deploymentId);
                return;
            case RunClaims.ApplyClaim.AlreadyStarted:
                // Never a second apply: report what the first one recorded, or that its end is unknown.
                outcome = recorded ?? ApplyOutcome.Encode(RunOutcome.Interrupted, "interrupted during apply — state unknown, check and rerun");
                break;
            default:
                var result = await steps.ApplyAsync(deployment!, cancellationToken).ConfigureAwait(false);
                if (result.Interrupted)
                {
                    // Shutting down mid-apply: the sweeper marks it interrupted once this node is gone.
                    return;
                }

                outcome = result.Failure is { } failure ? ApplyOutcome.Encode(failure, result.Message!) : ApplyOutcome.Succeeded;
                claims.RecordApplyResult(deploymentId, outcome);
                break;
        }

        await runtime.Events.HandleAsync(t, $"apply:{deploymentId}", d => d.DecideRun(deploymentId, ApplyOutcome.Decode(outcome, d.Now)), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Deletes a deployment's workspace on this node; errors are logged and ignored.</summary>
    public void Cleanup(Guid deploymentId)
    {
        try
        {
            WorkspaceCleanup.Delete(runtime.Options.DeploymentDir(deploymentId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the workspace of deployment {DeploymentId}; remove it by hand.", deploymentId);
        }
    }
}
