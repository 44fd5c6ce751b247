using Neptune.Client;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Hosting.InProcess.Tests;

/// <summary>Wrong configuration, hostile repositories and wrong ids end in clear errors, never in a stack trace or lost state.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private NeptuneHarness h = null!;

    public async Task InitializeAsync() => h = await NeptuneHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Root_dir_escaping_the_checkout_fails_the_plan_with_a_clear_reason()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha, rootDir: "../outside")));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.Contains("../outside", done.Result.Message, StringComparison.Ordinal);
        Assert.Equal(1, done.Run!.PlanAttempts);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Root_that_is_a_symlink_out_of_the_repository_is_refused()
    {
        h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        File.CreateSymbolicLink(Path.Combine(h.Repo.Path, "escape"), "/etc");
        var sha = h.Repo.Commit("link out");

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha, rootDir: "escape")));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.Contains("escape", done.Result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Missing_terraform_fails_the_plan_naming_the_setting_to_fix()
    {
        await h.Neptune.DisposeAsync();
        h.TerraformPath = Path.Combine(h.Root, "no-such-terraform");
        await h.StartNeptuneAsync();
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));

        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));

        Assert.Equal(RunOutcome.TerraformFailed, done.Result!.Outcome);
        Assert.Contains("Neptune:Terraform:Path", done.Result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_plan_json_is_never_auto_applied()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, showGarbage: true));

        var waiting = await h.StageAsync(await h.AcceptAsync(h.Request(sha)), DeploymentStage.AwaitingReview);

        Assert.False(waiting.Run!.PlanReading!.Value.IsReadable);
        Assert.Contains("could not be read", waiting.Run.ReviewReason, StringComparison.Ordinal);
        Assert.Empty(h.Lines(h.ApplyLog));
    }

    [Fact]
    public async Task Unknown_targets_and_deployments_are_not_found()
    {
        var nowhere = new DeployTarget(new RepoRef("acme", "nowhere"), "prod");

        await Assert.ThrowsAsync<NeptuneNotFoundException>(() => h.Neptune.GetDeploymentAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<NeptuneNotFoundException>(() => h.Neptune.ReviewAsync(Guid.NewGuid(), ReviewDecision.Confirm, "dana"));
        await Assert.ThrowsAsync<NeptuneNotFoundException>(() => h.Neptune.GetTargetAsync(nowhere));
        await Assert.ThrowsAsync<NeptuneNotFoundException>(() => h.Neptune.UnlockAsync(nowhere, "dana"));
        Assert.Empty(await h.Neptune.GetTargetsAsync());
    }

    [Fact]
    public async Task Review_of_a_plan_that_is_not_waiting_for_one_is_rejected_with_the_reason()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 2));
        var id = await h.AcceptAsync(h.Request(sha));

        var e = await Assert.ThrowsAsync<NeptuneRejectedException>(() => h.Neptune.ReviewAsync(id, ReviewDecision.Confirm, "dana"));

        Assert.Contains("nothing to review", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Neptune.ReviewAsync(id, ReviewDecision.Confirm, " "));
        Assert.Equal(RunOutcome.Succeeded, (await h.FinishedAsync(id)).Result!.Outcome);
    }

    [Fact]
    public async Task Second_manual_request_for_a_revision_already_queued_is_dropped_with_a_reason()
    {
        var busy = h.Repo.CommitRoot("production", StandIn.Json(changes: 1, sleep: 2), "busy");
        var manual = h.Repo.CommitRoot("production", StandIn.Json(changes: 0), "manual");
        await h.AcceptAsync(h.Request(busy));
        await h.AcceptAsync(h.Request(manual, Trigger.Manual));

        var again = await h.Neptune.RequestRevisionAsync(h.Request(manual, Trigger.Manual));

        Assert.False(again.Accepted);
        Assert.Contains("already queued", again.DroppedReason, StringComparison.Ordinal);
        Assert.Single((await h.Neptune.GetTargetAsync(NeptuneHarness.Target())).Manual);
    }
}
