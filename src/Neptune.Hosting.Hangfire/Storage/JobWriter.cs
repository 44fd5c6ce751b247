using global::Hangfire;
using global::Hangfire.Common;
using global::Hangfire.States;
using global::Hangfire.Storage;

namespace Neptune.Hosting.Hangfire.Storage;

/// <summary>
/// Creates background jobs inside a storage transaction, so a job exists (enqueued or scheduled) only if the state
/// that asked for it was saved. The job row is created first, expiring and without a state — invisible to workers —
/// and the transaction then gives it its state; a crash in between leaves only a row that expires on its own.
/// </summary>
internal static class JobWriter
{
    private static readonly TimeSpan OrphanExpiry = TimeSpan.FromDays(1);

    public static void Add(JobStorage storage, IStorageConnection connection, IWriteOnlyTransaction transaction, Job job, IState state, DateTime createdAtUtc)
    {
        var id = connection.CreateExpiredJob(job, new Dictionary<string, string?>(), createdAtUtc, OrphanExpiry);
        var stateMachine = new StateMachine(JobFilterProviders.Providers);
        stateMachine.ApplyState(new ApplyStateContext(storage, connection, transaction, new BackgroundJob(id, job, createdAtUtc), state, null));
    }
}
