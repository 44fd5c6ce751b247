using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neptune.Client;
using Neptune.Local.Tests.Support;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Local.Tests;

/// <summary>
/// Local mode end to end: commits in a real repository → the watcher → intake → the in-process host → the terraform
/// stand-in. Polls happen when the test calls <see cref="LocalRepoWatcher.PollOnceAsync"/> or advances fake time.
/// </summary>
public sealed class LocalRepoWatcherTests : IAsyncLifetime
{
    private readonly LocalScenario _s = new();
    private string _base = "";

    public Task InitializeAsync()
    {
        _base = _s.Repo.Commit("base", ("neptune.yaml", LocalScenario.Config), ("README.md", "infra\n"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task First_start_records_the_current_head_without_deploying_it()
    {
        _s.CommitRoot("prod", changes: 1, "already there");
        var head = _s.Repo.Head();

        await _s.StartAsync();

        var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_s.DataDir, "local-repos.json"))).RootElement;
        Assert.Equal(1, state.GetProperty("version").GetInt32());
        var seen = state.GetProperty("repos").GetProperty("local/infra");
        Assert.Equal(head, seen.GetProperty("head").GetString());
        Assert.Equal(_s.Repo.Path, seen.GetProperty("path").GetString());
        Assert.Equal("main", seen.GetProperty("branch").GetString());
        Assert.Empty(await _s.Neptune.GetTargetsAsync());
        Assert.Contains(_s.Logs.At(LogLevel.Information), l => l.Contains("recorded main at " + head + " without deploying it", StringComparison.Ordinal));

        var again = Assert.Single(await _s.Watcher.PollOnceAsync());
        Assert.Equal(LocalRepoPollStatus.Unchanged, again.Status);
        Assert.Empty(_s.Applies());
    }

    [Fact]
    public async Task A_new_commit_touching_a_root_deploys_that_root_as_a_merge()
    {
        await _s.StartAsync();
        var sha = _s.Repo.Commit("Add the network (#7)", ("envs/prod/main.tf", "resource \"null_resource\" \"net\" {}\n"), ("envs/prod/.standin.json", StandIn.Json(2)));

        var poll = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Delivered, poll.Status);
        Assert.Equal(sha, poll.Head);
        var (request, receipt) = Assert.Single(poll.Intake!.Requests);
        Assert.Equal(LocalScenario.Target("prod"), request.Target);
        var done = await _s.WaitForAsync(receipt.DeploymentId!.Value, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, done.Result?.Outcome);
        Assert.Equal(ReviewStatus.AutoApproved, done.Run?.Review); // a merge ahead of what is deployed needs no review (spec §4)
        Assert.Equal(Trigger.Merge, done.Deployment.Request.Trigger);
        Assert.Equal(sha, done.Deployment.Revision);
        Assert.Equal("main", done.Deployment.Request.Branch);
        Assert.Equal("Dana Local", done.Deployment.Request.InitiatingUser);
        Assert.Equal(7, done.Deployment.Request.PullNumber);
        Assert.Equal("envs/prod", done.Deployment.Request.RootDir);
        Assert.Equal("production", done.Deployment.Request.Tags["environment"]);
        Assert.Equal("Plan: 2 to add, 0 to change, 0 to destroy.", done.Run?.PlanReading?.Summary?.Text);
        Assert.Contains("added=2", Assert.Single(_s.Applies()), StringComparison.Ordinal);
        Assert.DoesNotContain(await _s.Neptune.GetTargetsAsync(), t => t.Target.Root == "staging"); // not modified

        var next = _s.CommitRoot("prod", changes: 1, "second");
        var second = Assert.Single(Assert.Single(await _s.Watcher.PollOnceAsync()).Intake!.Requests);
        var secondDone = await _s.WaitForAsync(second.Receipt.DeploymentId!.Value, DeploymentStage.Finished);
        Assert.Equal(RunOutcome.Succeeded, secondDone.Result?.Outcome);
        Assert.Equal(next, (await _s.Neptune.GetTargetAsync(LocalScenario.Target("prod"))).Latest?.Revision);
        Assert.Equal(2, _s.Applies().Count);
    }

    [Fact]
    public async Task Two_commits_between_polls_are_one_push_deploying_every_root_they_touched_at_the_newest_commit()
    {
        await _s.StartAsync();
        var first = _s.CommitRoot("prod", changes: 0, "prod change");
        var newest = _s.CommitRoot("staging", changes: 0, "staging change");

        var poll = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Delivered, poll.Status);
        var requests = poll.Intake!.Requests.OrderBy(r => r.Request.Target.Root, StringComparer.Ordinal).ToList();
        Assert.Equal(["prod", "staging"], requests.Select(r => r.Request.Target.Root));
        Assert.All(requests, r => Assert.Equal(newest, r.Request.Revision));
        foreach (var (_, receipt) in requests)
        {
            Assert.Equal(RunOutcome.Succeeded, (await _s.WaitForAsync(receipt.DeploymentId!.Value, DeploymentStage.Finished)).Result?.Outcome);
        }

        Assert.DoesNotContain((await _s.Neptune.GetTargetsAsync()).Select(t => t.Latest?.Revision), r => r == first);
        Assert.Equal(2, _s.Applies().Count);
    }

    [Fact]
    public async Task Commits_on_another_branch_are_ignored_until_they_reach_the_default_branch()
    {
        await _s.StartAsync();
        _s.Repo.Git("checkout", "-q", "-b", "feature");
        var feature = _s.CommitRoot("prod", changes: 0, "on a branch");

        Assert.Equal(LocalRepoPollStatus.Unchanged, Assert.Single(await _s.Watcher.PollOnceAsync()).Status);
        Assert.Empty(await _s.Neptune.GetTargetsAsync());

        _s.Repo.Git("checkout", "-q", "main");
        _s.Repo.Git("merge", "-q", "--ff-only", "feature");
        var merged = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Delivered, merged.Status);
        var (request, receipt) = Assert.Single(merged.Intake!.Requests);
        Assert.Equal(feature, request.Revision);
        Assert.Equal(RunOutcome.Succeeded, (await _s.WaitForAsync(receipt.DeploymentId!.Value, DeploymentStage.Finished)).Result?.Outcome);
    }

    [Fact]
    public async Task A_restart_neither_repeats_a_seen_commit_nor_loses_one_made_while_down()
    {
        await _s.StartAsync();
        var seen = _s.CommitRoot("prod", changes: 1, "before the restart");
        var first = Assert.Single(Assert.Single(await _s.Watcher.PollOnceAsync()).Intake!.Requests);
        await _s.WaitForAsync(first.Receipt.DeploymentId!.Value, DeploymentStage.Finished);
        await _s.StopAsync();

        var whileDown = _s.CommitRoot("prod", changes: 1, "while Neptune was down");
        await _s.StartAsync(); // its first poll delivers whileDown, and only that

        var latest = await _s.WaitForLatestAsync(LocalScenario.Target("prod"), whileDown);
        Assert.Equal(Trigger.Merge, latest.Latest?.Trigger);
        Assert.Equal(LocalRepoPollStatus.Unchanged, Assert.Single(await _s.Watcher.PollOnceAsync()).Status);
        Assert.Equal(2, _s.Applies().Count);
        Assert.Contains(_s.Logs.At(LogLevel.Information), l => l.Contains($"{Revision.Short(seen)}..{Revision.Short(whileDown)}: 1 revision(s) requested", StringComparison.Ordinal));

        await _s.RestartAsync(); // nothing new: nothing deploys again
        Assert.Equal(LocalRepoPollStatus.Unchanged, Assert.Single(await _s.Watcher.PollOnceAsync()).Status);
        Assert.Equal(2, _s.Applies().Count);
        Assert.Null((await _s.Neptune.GetTargetsAsync()).Single(t => t.Target == LocalScenario.Target("prod")).Current);
    }

    [Fact]
    public async Task The_background_loop_polls_on_the_interval_of_the_time_provider()
    {
        await _s.StartAsync();
        var sha = _s.CommitRoot("staging", changes: 0, "picked up by the loop");

        _s.Time.Advance(LocalScenario.PollInterval);

        await _s.WaitForLatestAsync(LocalScenario.Target("staging"), sha);
        Assert.Single(_s.Applies());
    }

    [Fact]
    public async Task A_broken_repository_path_logs_a_warning_once_and_the_host_keeps_polling_the_others()
    {
        var other = new TestRepo(Path.Combine(_s.Root, "repos", "network"));
        other.Commit("base", ("neptune.yaml", "version: 3\nprojects:\n  - name: core\n    dir: core\n"));
        _s.Settings["Neptune:Local:Repos:1:Path"] = other.Path;
        await _s.StartAsync();
        var moved = _s.Repo.Path + "-moved";
        Directory.Move(_s.Repo.Path, moved);
        var sha = other.Commit("core", ("core/main.tf", "#\n"));

        var polls = await _s.Watcher.PollOnceAsync();
        await _s.Watcher.PollOnceAsync();

        Assert.Equal(LocalRepoPollStatus.Failed, polls[0].Status);
        Assert.Contains("does not exist", polls[0].Problem, StringComparison.Ordinal);
        Assert.Equal(LocalRepoPollStatus.Delivered, polls[1].Status);
        var (_, receipt) = Assert.Single(polls[1].Intake!.Requests);
        Assert.Equal(RunOutcome.Succeeded, (await _s.WaitForAsync(receipt.DeploymentId!.Value, DeploymentStage.Finished)).Result?.Outcome);
        var warning = Assert.Single(_s.Logs.At(LogLevel.Warning), l => l.Contains(_s.Repo.Path, StringComparison.Ordinal));
        Assert.StartsWith($"Could not check the local repository local/infra at '{_s.Repo.Path}':", warning, StringComparison.Ordinal);
        Assert.Equal(sha, (await _s.Neptune.GetTargetAsync(new DeployTarget(new RepoRef("local", "network"), "core"))).Latest?.Revision);

        Directory.Move(moved, _s.Repo.Path);
        var back = _s.CommitRoot("prod", changes: 0, "after the repair");
        var repaired = (await _s.Watcher.PollOnceAsync())[0];
        Assert.Equal(LocalRepoPollStatus.Delivered, repaired.Status);
        Assert.Contains(_s.Logs.At(LogLevel.Information), l => l.Contains("local/infra", StringComparison.Ordinal) && l.Contains("can be read again", StringComparison.Ordinal));
        await _s.WaitForLatestAsync(LocalScenario.Target("prod"), back);
    }

    [Fact]
    public async Task A_broken_config_is_logged_with_file_line_and_fix_and_nothing_deploys_until_it_is_fixed()
    {
        await _s.StartAsync();
        _s.Repo.Commit("break it", ("neptune.yaml", "version: 3\nprojects:\n  - name: prod\n    dir: [oops\n"), ("envs/prod/main.tf", "#\n"));

        var broken = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Delivered, broken.Status);
        Assert.Empty(broken.Intake!.Requests);
        var error = Assert.Single(_s.Logs.At(LogLevel.Error));
        Assert.StartsWith("local/infra@", error, StringComparison.Ordinal);
        Assert.Contains("neptune.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("fix neptune.yaml and commit again", error, StringComparison.Ordinal);
        Assert.Empty(await _s.Neptune.GetTargetsAsync());

        // As with pushes, the broken commit was consumed: the fix changes only the config, which modifies no root.
        _s.Repo.Commit("fix it", ("neptune.yaml", LocalScenario.Config));
        Assert.Empty(Assert.Single(await _s.Watcher.PollOnceAsync()).Intake!.Requests);
        var next = _s.CommitRoot("prod", changes: 0, "deploys again");
        Assert.Equal("prod", Assert.Single(Assert.Single(await _s.Watcher.PollOnceAsync()).Intake!.Requests).Request.Target.Root);
        await _s.WaitForLatestAsync(LocalScenario.Target("prod"), next);
    }

    [Fact]
    public async Task A_corrupt_state_file_stops_polling_with_an_error_naming_it_and_never_stops_the_host()
    {
        Directory.CreateDirectory(_s.DataDir);
        var state = Path.Combine(_s.DataDir, "local-repos.json");
        await File.WriteAllTextAsync(state, "{ not json");

        await _s.StartAsync();
        _s.CommitRoot("prod", changes: 0);
        var poll = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Failed, poll.Status);
        Assert.Contains(state, poll.Problem, StringComparison.Ordinal);
        Assert.Contains(_s.Logs.At(LogLevel.Error), l => l.Contains(state, StringComparison.Ordinal) && l.Contains("delete it to record every repository's current head again", StringComparison.Ordinal));
        Assert.Empty(await _s.Neptune.GetTargetsAsync());
        Assert.Equal("{ not json", await File.ReadAllTextAsync(state)); // never reset silently

        File.Delete(state);
        Assert.Equal(LocalRepoPollStatus.FirstSeen, Assert.Single(await _s.Watcher.PollOnceAsync()).Status);
    }

    [Fact]
    public async Task A_branch_created_after_start_deploys_its_first_commit_with_every_file_as_changed()
    {
        _s.Settings["Neptune:Local:Repos:0:DefaultBranch"] = "trunk";
        await _s.StartAsync();
        Assert.Contains(_s.Logs.At(LogLevel.Information), l => l.Contains("the branch trunk does not exist yet", StringComparison.Ordinal));

        _s.Repo.Git("checkout", "-q", "-b", "trunk");
        var sha = _s.CommitRoot("staging", changes: 0, "first on trunk");
        var poll = Assert.Single(await _s.Watcher.PollOnceAsync());

        Assert.Equal(LocalRepoPollStatus.Delivered, poll.Status);
        Assert.Equal(["staging"], poll.Intake!.Requests.Select(r => r.Request.Target.Root)); // prod has no files yet
        Assert.Equal("trunk", poll.Intake.Requests[0].Request.Branch);
        await _s.WaitForLatestAsync(LocalScenario.Target("staging"), sha);
    }
}
