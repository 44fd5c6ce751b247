using Hangfire;
using Neptune.HangfireWorker;
using Neptune.Hosting.Hangfire.Tests.Postgres;

namespace Neptune.Hosting.Hangfire.Tests.Scenarios;

/// <summary>The standard scenarios on a real PostgreSQL (a private cluster; each test its own database).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeployScenarios(PostgresCluster cluster) : DeployScenarios
{
    protected override async Task<JobStorage> CreateStorageAsync() => PostgresStorage.Create(await cluster.CreateDatabaseAsync(), prepareSchema: true);
}
