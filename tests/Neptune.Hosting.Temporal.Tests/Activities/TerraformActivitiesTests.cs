using System.Diagnostics;
using Neptune.Hosting.Temporal.Tests.Support;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Neptune.Hosting.Temporal.Tests.Activities;

/// <summary>Every terraform run activity under <see cref="ActivityEnvironment"/>, with the real CLI executor and the terraform stand-in.</summary>
public sealed class TerraformActivitiesTests
{
    [Fact]
    public async Task Claim_returns_the_hosts_own_queue()
    {
        using var f = new TerraformWorkerFixture();
        var queue = await new ActivityEnvironment().RunAsync(() => f.Activities.ClaimWorkerQueue());
        Assert.Equal("terraform-test-host", queue);
    }

    [Fact]
    public async Task Fetch_heartbeats_while_the_source_is_fetched_and_writes_the_checkout()
    {
        using var f = new TerraformWorkerFixture(new FileWritingFetcher(StandIn.Json(), TimeSpan.FromMilliseconds(600)));
        var beats = 0;
        var env = new ActivityEnvironment { Heartbeater = _ => Interlocked.Increment(ref beats) };

        await env.RunAsync(() => f.Activities.FetchAsync(f.Plan));

        Assert.True(beats >= 3, $"{beats} heartbeats in 600 ms at 100 ms");
        Assert.True(File.Exists(Path.Combine(f.Checkout, "main.tf")));
    }

    [Fact]
    public async Task Plan_heartbeats_while_terraform_runs()
    {
        using var f = new TerraformWorkerFixture();
        f.WriteRoot(StandIn.Json(changes: 1, sleep: 2));
        var beats = 0;
        var env = new ActivityEnvironment { Heartbeater = _ => Interlocked.Increment(ref beats) };

        await env.RunAsync(() => f.Activities.InitAsync(f.Plan));
        var afterInit = beats;
        await env.RunAsync(() => f.Activities.PlanAsync(f.Plan));

        // 20 expected; a loaded machine delays timers, so only ask for a few.
        Assert.True(beats - afterInit >= 3, $"{beats - afterInit} heartbeats during a 2 s plan at 100 ms");
    }

    [Fact]
    public async Task Cancellation_stops_the_terraform_process()
    {
        using var f = new TerraformWorkerFixture();
        f.WriteRoot(StandIn.Json(changes: 1, sleep: 30));
        var firstBeat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var env = new ActivityEnvironment { Heartbeater = _ => firstBeat.TrySetResult() };
        await env.RunAsync(() => f.Activities.InitAsync(f.Plan));
        firstBeat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var clock = Stopwatch.StartNew();
        var planning = env.RunAsync(() => f.Activities.PlanAsync(f.Plan));
        await firstBeat.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForFileAsync(Path.Combine(f.Checkout, ".standin-sleep.pid"));
        env.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => planning);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"cancellation took {clock.Elapsed}");
        var pids = File.ReadAllText(Path.Combine(f.Checkout, ".standin-sleep.pid")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} still runs"));
        Assert.Contains(f.Worker.LiveLog(f.Deployment.PlanJobId)!.Lines(), l => l.Contains("plan cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_terraform_error_is_a_non_retryable_terraform_client_failure()
    {
        using var f = new TerraformWorkerFixture();
        f.WriteRoot(StandIn.Json(fail: "plan"));
        var env = new ActivityEnvironment();
        await env.RunAsync(() => f.Activities.InitAsync(f.Plan));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => f.Activities.PlanAsync(f.Plan)));

        Assert.Equal("TerraformClientException", failure.ErrorType);
        Assert.True(failure.NonRetryable);
    }

    [Fact]
    public async Task A_root_outside_the_checkout_is_a_non_retryable_terraform_client_failure()
    {
        using var f = new TerraformWorkerFixture();
        f.WriteRoot(StandIn.Json());
        var input = f.Plan;
        input.Deployment.Request.RootDir = "../../escape";

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => f.Activities.InitAsync(input)));

        Assert.True(failure.NonRetryable);
    }

    [Fact]
    public async Task An_infrastructure_error_stays_retryable()
    {
        using var f = new TerraformWorkerFixture(new FileWritingFetcher(StandIn.Json(), failure: new IOException("disk full")));

        var failure = await Assert.ThrowsAsync<IOException>(() => new ActivityEnvironment().RunAsync(() => f.Activities.FetchAsync(f.Plan)));

        Assert.Equal("disk full", failure.Message);
        Assert.Contains(f.Worker.LiveLog(f.Deployment.PlanJobId)!.Lines(), l => l.Contains("disk full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_returns_only_the_summary_and_apply_applies_the_plan_file_once()
    {
        using var f = new TerraformWorkerFixture();
        f.WriteRoot(StandIn.Json(changes: 3));
        var env = new ActivityEnvironment();
        await env.RunAsync(() => f.Activities.InitAsync(f.Plan));
        await env.RunAsync(() => f.Activities.PlanAsync(f.Plan));

        var reading = await env.RunAsync(() => f.Activities.ShowAsync(f.Plan));
        await env.RunAsync(() => f.Activities.ApplyAsync(f.Apply));

        Assert.Equal((3, 0, 0, null), (reading.Creations, reading.Updates, reading.Deletions, reading.Error));
        Assert.Single(File.ReadAllLines(Path.Combine(f.Checkout, ".standin-applies.log")));
    }

    [Fact]
    public async Task Finishing_a_job_persists_its_log_to_the_store_and_cleanup_removes_the_workspace()
    {
        using var f = new TerraformWorkerFixture();
        var env = new ActivityEnvironment();
        await env.RunAsync(() => f.Activities.FetchAsync(f.Plan));
        await env.RunAsync(() => f.Activities.InitAsync(f.Plan));

        await env.RunAsync(() => f.Activities.FinishJobLogAsync(f.Deployment.PlanJobId));
        await env.RunAsync(() => f.Activities.CleanupAsync(f.Deployment.Id));

        Assert.Contains("[neptune] fetching", f.Logs.Logs[f.Deployment.PlanJobId], StringComparison.Ordinal);
        Assert.Contains("Terraform has been successfully initialized", f.Logs.Logs[f.Deployment.PlanJobId], StringComparison.Ordinal);
        Assert.Null(f.Worker.LiveLog(f.Deployment.PlanJobId));
        Assert.False(Directory.Exists(f.Worker.DeploymentDir(f.Deployment.Id)));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }
    }
}
