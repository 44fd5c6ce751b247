using Neptune.Client;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>Job logs through the client: live while terraform runs, from the store once finished.</summary>
public sealed class JobLogStreamingTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Reader_attached_mid_plan_sees_earlier_lines_then_live_ones_and_the_stored_log_equals_them()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, lines: 50, sleep: 2));
        var id = await h.AcceptAsync(h.Request(sha));
        var planJob = (await h.Neptune.GetDeploymentAsync(id)).Deployment.PlanJobId;
        await h.EventuallyAsync(() => Directory.GetFiles(h.DataDir, ".standin-sleep.pid", SearchOption.AllDirectories).Length, n => n == 1, "seen the plan sleeping");

        var seen = new List<string>();
        var summaryWhenAttached = true;
        await foreach (var line in h.Neptune.ReadJobLogAsync(planJob))
        {
            if (seen.Count == 0)
            {
                // The plan is asleep before its summary, so the summary cannot be in the replay.
                summaryWhenAttached = File.Exists(Directory.GetFiles(h.DataDir, ".standin-sleep.pid", SearchOption.AllDirectories).FirstOrDefault() ?? string.Empty);
            }

            seen.Add(line);
        }

        Assert.True(summaryWhenAttached, "the reader attached while the plan was still running");
        Assert.StartsWith("[neptune] fetching acme/infra at " + sha, seen[0], StringComparison.Ordinal);
        Assert.Contains(seen, l => l.Contains("Plan: 1 to add", StringComparison.Ordinal));
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(id)).Result!.Outcome);

        var stored = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(planJob))
        {
            stored.Add(line);
        }

        Assert.Equal(seen, stored);
        Assert.True(File.Exists(Path.Combine(h.DataDir, "logs", planJob + ".log")));
    }

    [Fact]
    public async Task Apply_log_is_its_own_job_and_names_what_was_applied()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 3));
        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));

        var lines = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(done.Deployment.ApplyJobId))
        {
            lines.Add(line);
        }

        Assert.Contains(lines, l => l.Contains("Apply complete! Resources: 3 added", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("[neptune] fetching", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_job_is_not_found()
    {
        await Assert.ThrowsAsync<NeptuneNotFoundException>(async () =>
        {
            await foreach (var _ in h.Neptune.ReadJobLogAsync(Guid.NewGuid()))
            {
            }
        });
    }
}
