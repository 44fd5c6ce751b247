using global::Hangfire;
using Neptune.Hosting.Hangfire.Jobs;

namespace Neptune.Hosting.Hangfire.Nodes;

/// <summary>Creates Neptune's job classes over this process's runtime; any other job type falls back to Hangfire's default.</summary>
internal sealed class NeptuneJobActivator(HangfireRuntime runtime) : JobActivator
{
    public override object ActivateJob(Type jobType)
    {
        ArgumentNullException.ThrowIfNull(jobType);
        if (jobType == typeof(RunJobs))
        {
            return new RunJobs(runtime);
        }

        if (jobType == typeof(TargetEventJobs))
        {
            return new TargetEventJobs(runtime);
        }

        return jobType == typeof(OutboxJobs) ? new OutboxJobs(runtime) : base.ActivateJob(jobType);
    }
}
