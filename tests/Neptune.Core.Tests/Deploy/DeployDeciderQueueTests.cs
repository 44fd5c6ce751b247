using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Spec §3: the two lanes, the lock and dedupe, as one coordinator applies them.</summary>
public class DeployDeciderQueueTests
{
    [Fact]
    public void First_merge_on_an_idle_never_deployed_target_runs_at_once_with_auto_approval()
    {
        var flow = Started();

        var decision = flow.Request(1, Merge(ShaA));

        Assert.Collection(
            decision.Commands,
            c =>
            {
                var p = Assert.IsType<PublishCheckRun>(c).Publication;
                Assert.Equal((Id(1), 1, CheckRunStatus.InProgress), (p.DeploymentId, p.Generation, p.View.Status));
            },
            c =>
            {
                var start = Assert.IsType<StartRun>(c);
                Assert.Equal(Id(1), start.Deployment.Id);
                Assert.Equal(ShaA, start.Deployment.Revision);
                Assert.Equal(PlanApproval.Auto, start.Approval);
            },
            c => Assert.IsType<ScheduleIdleTimer>(c));
        Assert.Equal(DeploymentPhase.Running, flow.State.Current!.Phase);
        Assert.True(flow.State.Queue.IsEmpty);
    }

    [Fact]
    public void First_merge_after_a_deployment_is_compared_with_the_latest_deployed_revision()
    {
        var flow = Started(Latest(ShaA));

        var decision = flow.Request(1, Merge(ShaB));

        Assert.Contains(new CompareRevisions(Id(1), Repo, ShaA, ShaB), decision.Commands);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun);
        Assert.Equal(DeploymentPhase.Ordering, flow.State.Current!.Phase);
        Assert.Equal(CheckRunStatus.InProgress, PublicationOf(decision.Commands, 1).View.Status);
    }

    [Fact]
    public void Merge_while_a_deployment_is_in_flight_is_queued_with_a_queued_check_run()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        var decision = flow.Request(2, Merge(ShaB));

        var view = PublicationOf(decision.Commands, 2).View;
        Assert.Equal(CheckRunStatus.Queued, view.Status);
        Assert.Empty(view.Ahead!);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun or CompareRevisions);
        Assert.Equal(Id(1), flow.State.Current!.Deployment.Id);
        Assert.Equal([Id(2)], flow.State.Queue.Merge.Select(d => d.Id));
    }

    [Fact]
    public void Merges_queued_while_a_deployment_is_in_flight_leave_first_in_first_out()
    {
        var flow = Started(Latest(ShaA));
        flow.Request(1, Merge(ShaB));
        flow.Request(2, Merge(ShaD));
        flow.Request(3, Merge(ShaC));
        flow.Request(4, Merge(ShaE));

        for (var n = 1; n <= 4; n++)
        {
            flow.Resolve(n, CompareDirection.Ahead);
            flow.Deploy(n);
        }

        Assert.Equal([Id(1), Id(2), Id(3), Id(4)], flow.Left());
        Assert.Equal([Id(1), Id(2), Id(3), Id(4)], flow.StartedRuns());
    }

    [Fact]
    public void Manual_request_leaves_before_merges_queued_earlier()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Request(4, Manual(ShaD));

        var commands = flow.Deploy(1);

        Assert.Contains(new CompareRevisions(Id(4), Repo, ShaA, ShaD), commands);
        Assert.Equal([Id(1), Id(4)], flow.Left());
    }

    [Fact]
    public void Manual_requests_leave_first_in_first_out_among_themselves()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Manual(ShaB));
        flow.Request(3, Manual(ShaC, rerun: true));
        flow.Request(4, Manual(ShaD));

        flow.Deploy(1);
        flow.Resolve(2, CompareDirection.Ahead);
        flow.Deploy(2);
        flow.Resolve(3, CompareDirection.Behind);

        Assert.Equal([Id(1), Id(2), Id(3), Id(4)], flow.Left());
    }

    [Fact]
    public void Manual_request_for_a_revision_already_queued_as_manual_is_dropped()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Manual(ShaB));

        var reason = flow.Refused(flow.Requested(3, Manual(ShaB, user: "erin")));
        flow.Refused(flow.Requested(4, Manual(ShaB, rerun: true)));

        Assert.Contains("already queued or in progress", reason, StringComparison.Ordinal);
        Assert.Equal([Id(2)], flow.State.Queue.Manual.Select(d => d.Id));
    }

    [Fact]
    public void Manual_request_for_the_revision_in_progress_is_dropped_even_when_that_deployment_is_a_merge()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        flow.Refused(flow.Requested(2, Manual(ShaA)));
    }

    [Fact]
    public void Merge_requests_with_the_same_revision_are_never_deduped()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        flow.Request(2, Merge(ShaA));
        flow.Request(3, Merge(ShaA));

        Assert.Equal([Id(2), Id(3)], flow.State.Queue.Merge.Select(d => d.Id));
    }

    [Fact]
    public void Manual_request_for_a_revision_whose_deployment_finished_is_accepted_again()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Deploy(1);

        var decision = flow.Request(2, Manual(ShaA, rerun: true));

        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaA, ShaA), decision.Commands);
    }

    [Fact]
    public void Accepted_manual_deploy_locks_the_merge_lane_at_its_revision()
    {
        var flow = Started();
        Assert.False(flow.State.Queue.Lock.IsLocked);

        flow.Request(1, Manual(ShaA));

        Assert.Equal(ShaA, flow.State.Queue.Lock.Revision);
    }

    [Fact]
    public void Later_manual_deploy_moves_the_lock_and_held_merges_check_runs_name_the_new_revision()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Manual(ShaB));
        var held = PublicationOf(flow.Request(3, Merge(ShaC)).Commands, 3);
        Assert.Contains(ShaB, held.View.Reason, StringComparison.Ordinal);

        var decision = flow.Request(4, Manual(ShaD));

        Assert.Equal(ShaD, flow.State.Queue.Lock.Revision);
        var republished = PublicationOf(decision.Commands, 3);
        Assert.Equal(CheckRunConclusion.ActionRequired, republished.View.Conclusion);
        Assert.Contains(ShaD, republished.View.Reason, StringComparison.Ordinal);
        Assert.Equal([Id(2), Id(4)], republished.View.Ahead!.Select(r => r.DeploymentId));
    }

    [Fact]
    public void Rerun_does_not_lock_an_unlocked_merge_lane()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        flow.Request(2, Manual(ShaB, rerun: true));

        Assert.False(flow.State.Queue.Lock.IsLocked);
    }

    [Fact]
    public void Rerun_does_not_move_an_existing_lock()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Manual(ShaB));

        flow.Request(3, Manual(ShaC, rerun: true));

        Assert.Equal(ShaB, flow.State.Queue.Lock.Revision);
    }

    [Fact]
    public void Merge_revision_while_locked_is_queued_and_its_check_run_says_locked()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));

        var decision = flow.Request(2, Merge(ShaB));

        var publication = PublicationOf(decision.Commands, 2);
        Assert.Equal(1, publication.Generation);
        Assert.Equal(CheckRunStatus.Completed, publication.View.Status);
        Assert.Equal(CheckRunConclusion.ActionRequired, publication.View.Conclusion);
        Assert.Equal([CheckRunButton.Unlock], publication.View.Buttons);
        Assert.Contains(ShaA, publication.View.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(decision.Commands, c => c is StartRun or CompareRevisions);
    }

    [Fact]
    public void No_merge_item_leaves_while_locked_even_with_nothing_in_flight()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));

        var commands = flow.Deploy(1);

        Assert.Null(flow.State.Current);
        Assert.Equal([Id(2)], flow.State.Queue.Merge.Select(d => d.Id));
        Assert.Equal(ShaA, flow.State.Queue.Lock.Revision);
        Assert.DoesNotContain(commands, c => c is CompareRevisions or StartRun);
        Assert.Equal([Id(1)], flow.Left());
    }

    [Fact]
    public void Manual_items_still_leave_while_merges_are_locked()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Manual(ShaC));

        var commands = flow.Deploy(1);

        Assert.Contains(new CompareRevisions(Id(3), Repo, ShaA, ShaC), commands);
        Assert.Equal([Id(1), Id(3)], flow.Left());
    }

    [Fact]
    public void Unlock_releases_the_next_merge_item_when_nothing_is_in_flight()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Deploy(1);

        var decision = flow.Unlock();

        Assert.False(flow.State.Queue.Lock.IsLocked);
        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaA, ShaB), decision.Commands);
        var leaving = PublicationOf(decision.Commands, 2);
        Assert.Equal((2, CheckRunStatus.InProgress), (leaving.Generation, leaving.View.Status));
        var behind = PublicationOf(decision.Commands, 3);
        Assert.Equal((2, CheckRunStatus.Queued), (behind.Generation, behind.View.Status));
        Assert.Empty(behind.View.Ahead!);
        Assert.Equal([Id(1), Id(2)], flow.Left());
    }

    [Fact]
    public void Unlock_while_a_deployment_is_in_flight_reopens_locked_check_runs_as_new_queued_ones()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));

        var decision = flow.Unlock();

        var publications = Publications(decision.Commands);
        Assert.Equal([Id(2), Id(3)], publications.Select(p => p.DeploymentId));
        Assert.All(publications, p => Assert.Equal((2, CheckRunStatus.Queued, (long?)null), (p.Generation, p.View.Status, p.ExistingCheckRunId)));
        Assert.Equal([Id(2)], publications[1].View.Ahead!.Select(r => r.DeploymentId));
        Assert.Equal(Id(1), flow.State.Current!.Deployment.Id);
        Assert.DoesNotContain(decision.Commands, c => c is CompareRevisions or StartRun);
    }

    [Fact]
    public void Unlock_of_an_unlocked_queue_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        var reason = flow.Refused(new UnlockRequested { At = T0, User = "bob" });

        Assert.Contains("not locked", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Finishing_the_manual_deploy_does_not_unlock_only_an_explicit_unlock_does()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Deploy(1);
        Assert.Equal(ShaA, flow.State.Queue.Lock.Revision);

        flow.Unlock();

        Assert.False(flow.State.Queue.Lock.IsLocked);
        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaA, ShaB), flow.Request(2, Merge(ShaB)).Commands);
    }

    [Fact]
    public void Failed_merge_deployment_does_not_lock_the_merge_lane()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Begin(1);
        flow.Plan(1);

        var commands = flow.ApplyFails(1);

        Assert.False(flow.State.Queue.Lock.IsLocked);
        Assert.Contains(new CompareRevisions(Id(2), Repo, ShaA, ShaB), commands);
    }

    [Fact]
    public void Manual_request_jumping_ahead_updates_the_queued_merges_check_runs()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));

        var decision = flow.Request(3, Manual(ShaC, rerun: true));

        var merge = PublicationOf(decision.Commands, 2);
        Assert.Equal(CheckRunStatus.Queued, merge.View.Status);
        var ahead = Assert.Single(merge.View.Ahead!);
        Assert.Equal((Id(3), Trigger.Manual), (ahead.DeploymentId, ahead.Trigger));
        Assert.Empty(PublicationOf(decision.Commands, 3).View.Ahead!);
    }

    [Fact]
    public void When_the_next_item_leaves_the_check_runs_behind_it_show_the_shorter_queue()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        var before = PublicationOf(flow.Request(3, Merge(ShaC)).Commands, 3);
        Assert.Equal([Id(2)], before.View.Ahead!.Select(r => r.DeploymentId));

        var commands = flow.Deploy(1);

        Assert.Equal(CheckRunStatus.InProgress, PublicationOf(commands, 2).View.Status);
        var after = PublicationOf(commands, 3);
        Assert.Equal(CheckRunStatus.Queued, after.View.Status);
        Assert.Empty(after.View.Ahead!);
    }

    [Fact]
    public void Start_after_a_manual_latest_deployment_rebuilds_the_lock_at_its_revision()
    {
        var flow = Started(Latest(ShaA, Trigger.Manual));

        Assert.Equal(ShaA, flow.State.Queue.Lock.Revision);
        var decision = flow.Request(1, Merge(ShaB));
        Assert.Equal(CheckRunConclusion.ActionRequired, PublicationOf(decision.Commands, 1).View.Conclusion);
        Assert.Null(flow.State.Current);
    }

    [Fact]
    public void Start_after_a_merge_latest_deployment_leaves_merges_unlocked()
    {
        var flow = Started(Latest(ShaA));

        Assert.False(flow.State.Queue.Lock.IsLocked);
        Assert.Equal(Latest(ShaA), flow.State.Latest);
    }
}
