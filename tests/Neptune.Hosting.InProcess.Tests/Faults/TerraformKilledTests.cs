using System.Diagnostics;
using Neptune.CheckRuns;
using Neptune.Client;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Tests.Faults;

/// <summary>
/// The terraform process dies with SIGKILL (the OOM killer, a node's kill -9) while Neptune lives on: the
/// deployment ends failed with a message that says so in the job log and the check run, an apply is never run
/// again, and the queue moves on to the next revision, which deploys.
/// </summary>
public sealed class TerraformKilledTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Plan_killed_with_SIGKILL_fails_the_deployment_clearly_and_the_next_revision_deploys()
    {
        var killed = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 60), "killed");
        var next = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "next");
        var first = await h.AcceptAsync(h.Request(killed));
        var second = await h.AcceptAsync(h.Request(next));

        await KillTerraformAsync(first);
        var done = await h.FinishedAsync(first);

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.StartsWith($"terraform plan failed: {Killed("plan")}", done.Result.Message, StringComparison.Ordinal);
        var log = await JobLogAsync(done.Run!.Plan.JobId);
        Assert.Equal($"[neptune] {Killed("plan")}", log[^1]);
        var checkRun = await h.EventuallyAsync(() => h.CheckRuns.Latest(first), p => p?.View.IsCompleted == true, "completed the check run");
        Assert.Equal(CheckRunConclusion.Failure, checkRun!.View.Conclusion);
        Assert.Equal(done.Result.Message, checkRun.View.Explanation);

        var after = await h.FinishedAsync(second);
        Assert.Equal(RunOutcome.Succeeded, after.Result!.Outcome);
        var applied = Assert.Single(h.Lines(h.ApplyLog));
        Assert.Equal(second, NeptuneHarness.DeploymentOfApply(applied));
        Assert.EndsWith("result=ok", applied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_killed_with_SIGKILL_is_never_applied_again_and_the_next_revision_deploys()
    {
        var killed = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 60, sleepIn: "apply"), "killed");
        var next = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "next");
        var first = await h.AcceptAsync(h.Request(killed));
        var second = await h.AcceptAsync(h.Request(next));

        await h.EventuallyAsync(() => h.Lines(h.ApplyStarts).Length, n => n == 1, "seen the apply start");
        await KillTerraformAsync(first);
        var done = await h.FinishedAsync(first);

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.StartsWith($"terraform apply failed: {Killed("apply")}", done.Result.Message, StringComparison.Ordinal);
        Assert.Equal($"[neptune] {Killed("apply")}", (await JobLogAsync(done.Run!.Apply.JobId))[^1]);
        var checkRun = await h.EventuallyAsync(() => h.CheckRuns.Latest(first), p => p?.View.IsCompleted == true, "completed the check run");
        Assert.Equal(CheckRunConclusion.Failure, checkRun!.View.Conclusion);

        var after = await h.FinishedAsync(second);
        Assert.Equal(RunOutcome.Succeeded, after.Result!.Outcome);

        // Two apply starts: the killed one (no record: SIGKILL leaves none) and the next revision's, which succeeded.
        var starts = h.Lines(h.ApplyStarts);
        Assert.Equal([first, second], starts.Select(NeptuneHarness.DeploymentOfApply));
        Assert.Equal(second, NeptuneHarness.DeploymentOfApply(Assert.Single(h.Lines(h.ApplyLog))));

        // A restart over the same data dir does not apply the killed plan again.
        await h.RestartAsync();
        Assert.Equal(RunOutcome.TerraformFailed, (await h.Neptune.GetDeploymentAsync(first)).Result!.Outcome);
        Assert.Equal(2, h.Lines(h.ApplyStarts).Length);
    }

    [Fact]
    public async Task Terraform_killed_while_a_process_it_started_holds_its_output_open_still_finishes_after_the_grace_period()
    {
        // Regression: Neptune read terraform's output until every holder of the pipe closed it, so a child that outlived
        // a killed terraform (here the stand-in's sleep) held the deployment until it exited (up to the 60-minute step timeout).
        var killed = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 60), "killed");
        var first = await h.AcceptAsync(h.Request(killed));

        var pids = await KillTerraformAsync(first, alsoItsChildren: false);
        try
        {
            await h.EventuallyAsync(() => Process.GetProcesses().Any(p => p.Id == pids[0]), alive => !alive, "seen the stand-in die");
            DeploymentStatus status;
            for (var advances = 0; (status = await h.Neptune.GetDeploymentAsync(first)).Stage != DeploymentStage.Finished; advances++)
            {
                Assert.True(advances < 200, $"The deployment never finished; it is {status.Stage}.");
                h.Time.Advance(RunPolicy.CancellationGracePeriod); // the output's drain waits this long on Neptune's clock
                await Task.Delay(50);
            }

            Assert.Equal(RunOutcome.TerraformFailed, status.Result!.Outcome);
            var log = await JobLogAsync(status.Run!.Plan.JobId);
            Assert.Contains("Neptune: terraform exited with code 137, but a process it started still held its output open after 60 s; stopped reading it.", log);
            Assert.Equal($"[neptune] {Killed("plan")}", log[^1]);
        }
        finally
        {
            Kill(pids[1]);
        }
    }

    private static string Killed(string command) =>
        $"terraform {command} was killed by signal 9 (SIGKILL, exit code 137), for example by the out-of-memory killer or by hand; see the job log for its output.";

    /// <summary>SIGKILL to the stand-in of <paramref name="deploymentId"/> and its sleep, as the OOM killer would end terraform and its plugins.</summary>
    private async Task<int[]> KillTerraformAsync(Guid deploymentId, bool alsoItsChildren = true)
    {
        var pidFile = Path.Combine(h.Neptune.Options.DeploymentDir(deploymentId), "repo", "production", ".standin-sleep.pid");
        var pids = await h.EventuallyAsync(
            () => File.Exists(pidFile) ? File.ReadAllText(pidFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            p => p.Length == 2,
            "seen terraform sleeping");
        var ids = pids.Select(int.Parse).ToArray();
        Kill(ids[0]);
        if (alsoItsChildren)
        {
            Kill(ids[1]);
        }

        return ids;
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(); // SIGKILL on Unix; only this process, not its children
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private async Task<List<string>> JobLogAsync(Guid jobId)
    {
        var lines = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(jobId))
        {
            lines.Add(line);
        }

        return lines;
    }
}
