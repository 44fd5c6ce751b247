using Hangfire;
using Hangfire.InMemory;

namespace Neptune.Hosting.Hangfire.Tests.Scenarios;

/// <summary>The standard scenarios on Hangfire.InMemory: the same host, no database.</summary>
public sealed class InMemoryDeployScenarios : DeployScenarios
{
    protected override Task<JobStorage> CreateStorageAsync() => Task.FromResult<JobStorage>(new InMemoryStorage());
}
