using System.Diagnostics;
using Neptune.Client;
using Neptune.HangfireWorker;
using Neptune.Hosting.Hangfire.Tests.Postgres;
using Neptune.Model;
using Xunit.Abstractions;

namespace Neptune.Hosting.Hangfire.Tests.MultiNode;

/// <summary>
/// The figures of docs/performance.md: revisions handled per second by 1 and 2 worker processes on PostgreSQL with
/// the instant executor (compare, plan, review gate, apply, check runs, audit, latest — everything but terraform),
/// revisions submitted by one client task per target.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ThroughputTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private const int Revisions = 100;
    private const int Targets = 10;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Revisions_per_second_with_workers(int workers)
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var root = Directory.CreateTempSubdirectory("neptune-throughput-").FullName;
        var storage = PostgresStorage.Create(connectionString, prepareSchema: true);
        var client = new HangfireNeptune(storage, new HangfireOptions { DataDir = Path.Combine(root, "client"), NodeName = "client", RunServer = false }, InstantPorts.Create(root, "client", TimeSpan.Zero));
        var nodes = new List<WorkerProcess>();
        for (var i = 0; i < workers; i++)
        {
            nodes.Add(await WorkerProcess.StartAsync(connectionString, root, $"worker_{i}", 0));
        }

        var clock = Stopwatch.StartNew();
        // One submitter per target, as webhooks for different roots arrive concurrently; each keeps its target's order.
        var perTarget = await Task.WhenAll(Enumerable.Range(0, Targets).Select(t => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            for (var n = t == 0 ? Targets : t; n <= Revisions; n += Targets)
            {
                var request = new RevisionRequest(new DeployTarget(new RepoRef("acme", "infra"), $"root{t}"), InstantPorts.Revision(n), "main", Trigger.Merge, "octocat", defaultBranch: "main", rootDir: ".");
                mine.Add((await client.RequestRevisionAsync(request)).DeploymentId!.Value);
            }

            return mine;
        })));
        var ids = perTarget.SelectMany(x => x).ToList();
        Assert.Equal(Revisions, ids.Count);
        var intake = clock.Elapsed;
        var open = new HashSet<Guid>(ids);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (open.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{open.Count} revisions still open after 5 minutes.");
            foreach (var id in open.ToArray())
            {
                if ((await client.GetDeploymentAsync(id)).Stage == DeploymentStage.Finished)
                {
                    open.Remove(id);
                }
            }

            await Task.Delay(100);
        }

        var total = clock.Elapsed;
        var perSecond = Revisions / total.TotalSeconds;
        output.WriteLine($"workers={workers} revisions={Revisions} targets={Targets} intake={intake.TotalSeconds:0.0}s ({Revisions / intake.TotalSeconds:0.0}/s) all-finished={total.TotalSeconds:0.0}s throughput={perSecond:0.00} revisions/s");
        Assert.Equal(Revisions, InstantPorts.ReadRecords(InstantPorts.Applies(root)).Length);
        Assert.True(perSecond > 0.5, $"Only {perSecond:0.00} revisions/s.");

        foreach (var node in nodes)
        {
            await node.StopAsync();
            node.Dispose();
        }

        Directory.Delete(root, recursive: true);
    }
}
