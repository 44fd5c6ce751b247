using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Aws.S3;
using Neptune.Aws.Tests.S3;
using Neptune.CrashHost;
using Neptune.Hosting.InProcess.Tests;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Aws.Tests.Faults;

/// <summary>
/// S3 (a real s3rver) stops answering while deployments run on the in-process host: deployments still finish,
/// the failures are logged, the latest-deployment record (from the journal's outbox) and the job logs (kept on local
/// disk) reach S3 once it is back — with or without a restart of Neptune in between. Time is fake, so the retry
/// backoff (up to 5 minutes) costs nothing.
/// </summary>
public sealed class S3OutageTests : IAsyncLifetime
{
    private readonly S3Server s3 = new();
    private NeptuneHarness h = null!;
    private S3StoreOptions options = null!;

    public async Task InitializeAsync()
    {
        await s3.InitializeAsync();
        options = s3.Options(prefix: "neptune", maxAttempts: 2);
        h = await NeptuneHarness.StartAsync(logs =>
        {
            var client = s3.Client(options);
            return new StoreOverrides(
                new S3DeploymentStore(client, Options.Create(options), logger: logs.CreateLogger<S3DeploymentStore>()),
                new S3JobLogStore(client, Options.Create(options), logger: logs.CreateLogger<S3JobLogStore>()));
        });
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        await s3.DisposeAsync();
    }

    [Fact]
    public async Task Deployments_finish_while_S3_is_down_and_their_record_and_logs_reach_S3_when_it_is_back()
    {
        var (first, second) = await DeployDuringOutageAsync();
        var jobs = new[] { second.Run!.Plan.JobId, second.Run.Apply.JobId };

        // Meanwhile the logs are read from the local copy.
        Assert.Contains(await ReadAsync(jobs[1]), l => l.Contains("Apply complete!", StringComparison.Ordinal));

        await s3.RestartAsync();
        await RecoveredAsync(second.Deployment.Revision, jobs);
        Assert.NotEqual(first, second.Deployment.Revision);
    }

    [Fact]
    public async Task A_restart_during_the_outage_loses_neither_the_record_nor_the_logs()
    {
        var (_, second) = await DeployDuringOutageAsync();
        var jobs = new[] { second.Run!.Plan.JobId, second.Run.Apply.JobId };

        await h.RestartAsync();
        Assert.Contains(h.Logs.Lines, l => l.Contains($"The log of job {jobs[0]} was not stored before Neptune stopped; storing it from", StringComparison.Ordinal));
        await s3.RestartAsync();

        await RecoveredAsync(second.Deployment.Revision, jobs);
        Assert.Equal(RunOutcome.Succeeded, (await h.Neptune.GetDeploymentAsync(second.Deployment.Id)).Result!.Outcome);
    }

    /// <summary>Deploys one revision with S3 up, stops S3, and deploys the next; returns the first sha and the second's status.</summary>
    private async Task<(string First, Client.DeploymentStatus Second)> DeployDuringOutageAsync()
    {
        var first = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "first");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(first)));
        await h.EventuallyAsync(LatestInS3, l => l?.Revision == first, "stored the first revision's record");

        await s3.StopAsync();
        var next = h.Repo.CommitRoot("production", StandIn.Json(changes: 2, lines: 20), "second");
        var second = await h.FinishedAsync(await h.AcceptAsync(h.Request(next)));

        Assert.Equal(RunOutcome.Succeeded, second.Result!.Outcome);
        var apply = second.Run!.Apply.JobId;
        var kept = await h.EventuallyAsync(
            () => h.Logs.At(LogLevel.Warning),
            w => w.Any(l => l.Contains($"The log of job {apply} could not be stored; it is kept in {Path.Combine(h.DataDir, "logs-unsent")}", StringComparison.Ordinal))
                && w.Any(l => l.Contains("Delivering Latest #", StringComparison.Ordinal)),
            "warned about the log and the record");
        Assert.Contains(kept, l => l.StartsWith("Warning Neptune.Hosting.InProcess.Coordination.OutboxDelivery: Delivering Latest #", StringComparison.Ordinal) && l.Contains(" of acme/infra||production failed (attempt 1); retrying in 00:00:01. | Connection refused", StringComparison.Ordinal));
        Assert.Contains(kept, l => l.StartsWith("Warning Neptune.Aws.S3.S3DeploymentStore: Writing s3://neptune-test/neptune/acme/infra/production/deployment.json failed (attempt 1 of 2)", StringComparison.Ordinal));
        Assert.Contains(kept, l => l.StartsWith($"Warning Neptune.Aws.S3.S3JobLogStore: Writing s3://neptune-test/neptune/{apply} failed (attempt 1 of 2)", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(h.DataDir, "logs-unsent", apply + ".log")));
        return (first, second);
    }

    /// <summary>Advances fake time (the outbox's and the kept logs' backoff) until S3 has the record and every log.</summary>
    private async Task RecoveredAsync(string revision, Guid[] jobs)
    {
        var logs = new S3JobLogStore(s3.Client(options), Options.Create(options));
        for (var advances = 0; ; advances++)
        {
            var stored = 0;
            foreach (var job in jobs)
            {
                await using var log = await logs.OpenAsync(job, CancellationToken.None);
                stored += log is null ? 0 : 1;
            }

            if ((await LatestInS3())?.Revision == revision && stored == jobs.Length)
            {
                break;
            }

            Assert.True(advances < 300, $"S3 never got everything back: latest {(await LatestInS3())?.Revision}, {stored} of {jobs.Length} logs.");
            h.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(h.DataDir, "logs-unsent")));
        foreach (var job in jobs)
        {
            Assert.Contains(h.Logs.Lines, l => l.Contains($"The log of job {job} was stored after", StringComparison.Ordinal));
            await using var stored = await logs.OpenAsync(job, CancellationToken.None);
            var text = await new StreamReader(stored!).ReadToEndAsync();
            Assert.Equal(await ReadAsync(job), text.TrimEnd('\n').Split('\n'));
        }
    }

    private Task<LatestDeployment?> LatestInS3() =>
        new S3DeploymentStore(s3.Client(options), Options.Create(options)).GetLatestAsync(NeptuneHarness.Target(), CancellationToken.None);

    private async Task<List<string>> ReadAsync(Guid jobId)
    {
        var lines = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(jobId))
        {
            lines.Add(line);
        }

        return lines;
    }
}
