using System.Globalization;
using global::Hangfire;
using global::Hangfire.States;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.Hangfire.Jobs;

/// <summary>Target events that arrive as jobs: timers (scheduled jobs), check-run ids, and recovery of runs whose node died.</summary>
public sealed class TargetEventJobs
{
    private readonly HangfireRuntime runtime;

    internal TargetEventJobs(HangfireRuntime runtime) => this.runtime = runtime;

    /// <summary>The review deadline of a deployment passed. Early (clocks differ), it waits again for the rest.</summary>
    public async Task ReviewTimerAsync(string target, Guid deploymentId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (RescheduledIfEarly(dueAt, j => j.ReviewTimerAsync(target, deploymentId, dueAt, CancellationToken.None)))
        {
            return;
        }

        await runtime.Events.HandleAsync(DeployTarget.Parse(target), $"review-timer:{deploymentId}:{Ticks(dueAt)}", d => d.DecideRun(deploymentId, new ReviewTimerFired { At = d.Now }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The idle deadline of a target passed; the decider stops the target only if it is still idle and the deadline is current.</summary>
    public async Task IdleTimerAsync(string target, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (RescheduledIfEarly(dueAt, j => j.IdleTimerAsync(target, dueAt, CancellationToken.None)))
        {
            return;
        }

        await runtime.Events.HandleAsync(DeployTarget.Parse(target), $"idle:{target}:{Ticks(dueAt)}", d => d.Decide(new IdleTimerFired { At = d.Now }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run's node died during <paramref name="step"/>: an interrupted plan is planned again elsewhere, an interrupted apply is marked interrupted.</summary>
    public async Task RecoverAsync(string target, Guid deploymentId, string step, int attempt, CancellationToken cancellationToken) =>
        await runtime.Events.HandleAsync(DeployTarget.Parse(target), $"recover:{deploymentId}:{step}:{attempt}", d => d.DecideRun(deploymentId, new RunRecovered { At = d.Now }), cancellationToken).ConfigureAwait(false);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private bool RescheduledIfEarly(DateTimeOffset dueAt, System.Linq.Expressions.Expression<Func<TargetEventJobs, Task>> again)
    {
        var early = dueAt - runtime.Time.GetUtcNow();
        if (early <= TimeSpan.Zero)
        {
            return false;
        }

        new BackgroundJobClient(runtime.Storage).Create(again, new ScheduledState(early));
        return true;
    }
}
