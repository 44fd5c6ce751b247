using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Neptune.HangfireWorker;

/// <summary>The PostgreSQL storage every process of a test uses, tuned so a killed node's work comes back within seconds.</summary>
public static class PostgresStorage
{
    public static JobStorage Create(string connectionString, bool prepareSchema)
    {
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = prepareSchema,
            QueuePollInterval = TimeSpan.FromMilliseconds(100),

            // A job fetched by a node that dies becomes visible again after this; live nodes keep extending it.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(5),

            // A lock held by a node that dies is released after this.
            DistributedLockTimeout = TimeSpan.FromSeconds(10),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
