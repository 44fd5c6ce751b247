using System.Globalization;
using Neptune.Client;
using Neptune.HangfireWorker;
using Neptune.Hosting.Hangfire.Tests.Postgres;
using Neptune.Model;
using Neptune.Runs;
using Xunit.Abstractions;

namespace Neptune.Hosting.Hangfire.Tests.MultiNode;

/// <summary>
/// Two worker processes on one PostgreSQL database; one is killed with SIGKILL while it applies. Every revision ends
/// once — deployed, rejected as behind, or (the killed applies only) interrupted — nothing is applied twice, and each
/// target applies its revisions in order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoWorkersKilledTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private const int Targets = 10;
    private const int Ascending = 45;

    [Fact]
    public async Task Fifty_revisions_over_ten_targets_end_exactly_once_when_a_worker_is_killed_mid_apply()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var root = Directory.CreateTempSubdirectory("neptune-multinode-").FullName;
        var storage = PostgresStorage.Create(connectionString, prepareSchema: true);
        var client = new HangfireNeptune(storage, new HangfireOptions { DataDir = Path.Combine(root, "client"), NodeName = "client", RunServer = false }, InstantPorts.Create(root, "client", TimeSpan.Zero));
        // worker_a's steps take 5 s, so once it starts an apply, the kill surely lands in the middle of it.
        using var a = await WorkerProcess.StartAsync(connectionString, root, "worker_a", 5000);
        using var b = await WorkerProcess.StartAsync(connectionString, root, "worker_b", 300);

        // Kill worker_a the moment it is applying, once the run is well under way (the requests are still arriving).
        var starts = InstantPorts.ApplyStarts(root);
        var ends = InstantPorts.Applies(root);
        var killer = Task.Run(async () =>
        {
            await EventuallyAsync(() => Records(ends).Count >= 5 && InFlightOn("worker_a", starts, ends) > 0, yes => yes, "seen worker_a applying", TimeSpan.FromSeconds(120));
            a.KillHard();
        });

        // 45 ascending revisions spread over 10 targets, then 5 that are behind what their target deploys by then.
        var sent = new List<(Guid Id, int Target, int Revision)>();
        for (var n = 1; n <= Ascending; n++)
        {
            sent.Add((await RequestAsync(client, n % Targets, n), n % Targets, n));
        }

        for (var t = 1; t <= 5; t++)
        {
            sent.Add((await RequestAsync(client, t, t), t, t));
        }

        await killer;
        output.WriteLine($"killed worker_a with {InFlightOn("worker_a", starts, ends)} apply(s) in flight");

        var results = new Dictionary<Guid, DeploymentStatus>();
        foreach (var (id, _, _) in sent)
        {
            results[id] = await EventuallyAsync(() => client.GetDeploymentAsync(id).GetAwaiter().GetResult(), s => s.Stage == DeploymentStage.Finished, $"finished {id}", TimeSpan.FromSeconds(180));
        }

        var started = Records(starts);
        var applied = Records(ends);
        foreach (var (id, target, revision) in sent)
        {
            var result = results[id].Result!;
            var startsOfThis = started.Count(r => r.Deployment == id);
            Assert.True(startsOfThis <= 1, $"Deployment {id} started {startsOfThis} applies.");
            switch (result.Outcome)
            {
                case RunOutcome.Succeeded:
                    Assert.Equal(1, applied.Count(r => r.Deployment == id));
                    break;
                case RunOutcome.ValidationFailed:
                    Assert.Equal(0, startsOfThis);
                    Assert.Contains(sent.Skip(Ascending), s => s.Id == id);
                    break;
                case RunOutcome.Interrupted:
                    // Only work of the killed node: its apply started there, or never started. It may even have ended just
                    // before the kill — the node died before saying so, so the state is unknown, and it is never applied again.
                    Assert.All(started.Where(r => r.Deployment == id), r => Assert.Equal("worker_a", r.Node));
                    break;
                default:
                    Assert.Fail($"Deployment {id} (target {target}, revision {revision}) ended {result.Outcome}: {result.Message}");
                    break;
            }
        }

        Assert.All(sent.Skip(Ascending), s => Assert.Equal(RunOutcome.ValidationFailed, results[s.Id].Result!.Outcome));
        Assert.Contains(results.Values, s => s.Result!.Outcome == RunOutcome.Interrupted);
        for (var t = 0; t < Targets; t++)
        {
            var order = started.Where(r => r.Revision % Targets == t).Select(r => r.Revision).ToList();
            Assert.Equal(order.Order(), order);
        }

        output.WriteLine(string.Join(", ", results.Values.GroupBy(s => s.Result!.Outcome).Select(g => $"{g.Key}: {g.Count()}")));
        await b.StopAsync();
        Directory.Delete(root, recursive: true);
    }

    private static async Task<Guid> RequestAsync(HangfireNeptune client, int target, int revision)
    {
        var request = new RevisionRequest(new DeployTarget(new RepoRef("acme", "infra"), $"root{target}"), InstantPorts.Revision(revision), "main", Trigger.Merge, "octocat", defaultBranch: "main", rootDir: ".");
        var receipt = await client.RequestRevisionAsync(request);
        return receipt.DeploymentId ?? throw new InvalidOperationException(receipt.DroppedReason);
    }

    private static int InFlightOn(string node, string starts, string ends)
    {
        var done = Records(ends).Select(r => r.Deployment).ToHashSet();
        return Records(starts).Count(r => r.Node == node && !done.Contains(r.Deployment));
    }

    private static List<(Guid Deployment, int Revision, string Node)> Records(string path) =>
        InstantPorts.ReadRecords(path)
        .Select(l => l.Split(' '))
        .Where(w => w.Length == 3)
        .Select(w => (Guid.Parse(w[0]), (int)long.Parse(w[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), w[2]))
        .ToList();

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> condition, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        T value;
        while (!condition(value = read()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Never {what}; last value {value}.");
            }

            await Task.Delay(5);
        }

        return value;
    }
}
