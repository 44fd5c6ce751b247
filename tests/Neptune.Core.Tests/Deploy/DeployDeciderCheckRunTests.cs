using Neptune.CheckRuns;
using Neptune.Deploy;
using Neptune.Ports;
using Neptune.Runs;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Deploy;

/// <summary>Spec §6: check-run generations, their GitHub ids, and links that always point at the newest run.</summary>
public class DeployDeciderCheckRunTests
{
    /// <summary>Beyond 32 bits, as GitHub's ids are.</summary>
    private const long BigId = 25_123_456_789L;

    [Fact]
    public void CheckRunPublished_records_the_id_and_later_publications_update_that_run()
    {
        var flow = Started();
        var first = PublicationOf(flow.Request(1, Merge(ShaA)).Commands, 1);
        Assert.Null(first.ExistingCheckRunId);

        var decision = flow.Published(1, 1, BigId);

        Assert.Empty(decision.Commands);
        Assert.Equal(new CheckRunTrack(1, BigId, null, false), flow.State.CheckRunOf(Id(1)));
        var planning = PublicationOf(flow.Begin(1), 1);
        Assert.Equal((1, (long?)BigId), (planning.Generation, planning.ExistingCheckRunId));
        flow.Plan(1);
        var applied = PublicationOf(flow.Applied(1), 1);
        Assert.Equal((1, (long?)BigId, CheckRunConclusion.Success), (applied.Generation, applied.ExistingCheckRunId, applied.View.Conclusion));
    }

    [Fact]
    public void New_generation_after_a_completed_run_starts_without_an_id_so_a_new_check_run_is_created()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Begin(1);
        flow.Published(1, 1, 501);
        var review = PublicationOf(flow.Plan(1), 1);

        var applying = PublicationOf(flow.Review(1, ReviewDecision.Confirm), 1);
        flow.Published(1, 2, 502);
        var applied = PublicationOf(flow.Applied(1), 1);

        Assert.Equal((1, (long?)501), (review.Generation, review.ExistingCheckRunId));
        Assert.Equal((2, (long?)null), (applying.Generation, applying.ExistingCheckRunId));
        Assert.Equal((2, (long?)502), (applied.Generation, applied.ExistingCheckRunId));
    }

    [Fact]
    public void Generations_of_a_held_merge_go_up_as_it_moves_from_locked_to_queued_to_review_to_apply()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Deploy(1);
        flow.Unlock();
        flow.Resolve(2, CompareDirection.Diverged);
        flow.Begin(2);
        flow.Plan(2);
        flow.Review(2, ReviewDecision.Confirm);
        flow.Applied(2);

        var generations = PublicationsOf(flow.Issued, 2).Select(p => (p.Generation, p.View.Status, p.View.Conclusion)).ToList();
        Assert.Equal(
            [
                (1, CheckRunStatus.Completed, CheckRunConclusion.ActionRequired),
                (2, CheckRunStatus.InProgress, null),
                (2, CheckRunStatus.InProgress, null),
                (2, CheckRunStatus.Completed, CheckRunConclusion.ActionRequired),
                (3, CheckRunStatus.InProgress, null),
                (3, CheckRunStatus.Completed, CheckRunConclusion.Success),
            ],
            generations);
    }

    [Fact]
    public void CheckRunPublished_of_a_queued_merge_refreshes_the_merges_behind_it_to_link_the_new_run()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Published(3, 1, 300);

        var decision = flow.Published(2, 1, BigId);

        var refreshed = Assert.Single(Publications(decision.Commands));
        Assert.Equal(Id(3), refreshed.DeploymentId);
        var ahead = Assert.Single(refreshed.View.Ahead!);
        Assert.Equal((Id(2), (long?)BigId), (ahead.DeploymentId, ahead.CheckRunId));
    }

    [Fact]
    public void CheckRunPublished_of_a_queued_manual_item_refreshes_everything_behind_it_in_both_lanes()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Manual(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Request(4, Manual(ShaD));
        flow.Published(4, 1, 400);
        flow.Published(3, 1, 300);

        var decision = flow.Published(2, 1, 77);

        var refreshed = Publications(decision.Commands);
        Assert.Equal([Id(4), Id(3)], refreshed.Select(p => p.DeploymentId));
        Assert.All(refreshed, p => Assert.Equal((long?)77, p.View.Ahead!.Single(r => r.DeploymentId == Id(2)).CheckRunId));
    }

    [Fact]
    public void A_run_behind_that_is_still_being_created_is_marked_and_refreshed_once_its_own_id_arrives()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));

        // Run 3's creation is on its way without a link to run 2: re-rendering it now would only replace that creation.
        Assert.Empty(flow.Published(2, 1, 200).Commands);
        Assert.True(flow.State.CheckRunOf(Id(3))!.Value.LinksStale);

        var refreshed = Assert.Single(Publications(flow.Published(3, 1, 300).Commands));

        Assert.Equal((Id(3), (long?)300), (refreshed.DeploymentId, refreshed.ExistingCheckRunId));
        Assert.Equal((Id(2), (long?)200), (refreshed.View.Ahead!.Single().DeploymentId, refreshed.View.Ahead!.Single().CheckRunId));
        Assert.False(flow.State.CheckRunOf(Id(3))!.Value.LinksStale);
    }

    [Fact]
    public void A_burst_of_queued_runs_whose_ids_arrive_in_order_costs_one_refresh_each_not_one_per_run_ahead()
    {
        const int queued = 40;
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        for (var n = 2; n <= queued + 1; n++)
        {
            flow.Request(n, Merge(n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var refreshes = new List<CheckRunPublication>();
        for (var n = 2; n <= queued + 1; n++)
        {
            refreshes.AddRange(Publications(flow.Published(n, 1, 1000 + n).Commands));
        }

        // Every run but the first was rendered before the ids ahead of it were known: one refresh each (the old rule
        // re-rendered everything behind every new id: 780 publications for 40 runs).
        Assert.Equal(Enumerable.Range(3, queued - 1).Select(Id), refreshes.Select(p => p.DeploymentId));
        foreach (var p in refreshes)
        {
            Assert.All(p.View.Ahead!, ahead => Assert.NotNull(ahead.CheckRunId));
            Assert.Equal(p.View.Ahead!.Count, flow.State.Queue.Merge.TakeWhile(d => d.Id != p.DeploymentId).Count());
        }
    }

    [Fact]
    public void A_stale_run_that_starts_before_its_id_arrives_is_not_refreshed_as_queued()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Published(2, 1, 200);
        flow.Deploy(1);
        flow.Resolve(2, CompareDirection.Ahead);
        flow.Deploy(2);
        flow.Resolve(3, CompareDirection.Ahead);

        // Run 3 is in flight now; its id arriving must not show it as queued again.
        var decision = flow.Published(3, 1, 300);

        Assert.DoesNotContain(Publications(decision.Commands), p => p.View.Ahead is not null);
        Assert.False(flow.State.CheckRunOf(Id(3))!.Value.LinksStale);
    }

    [Fact]
    public void CheckRunPublished_of_the_deployment_in_flight_republishes_nothing()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));

        Assert.Empty(flow.Published(1, 1, 90).Commands);
    }

    [Fact]
    public void Reporting_the_same_id_again_is_accepted_and_changes_nothing()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Request(3, Merge(ShaC));
        flow.Published(2, 1, 90);
        var before = flow.Snapshot();

        var decision = flow.Published(2, 1, 90);

        Assert.Empty(decision.Commands);
        Assert.Equal(before, flow.Snapshot());
    }

    [Fact]
    public void CheckRunPublished_for_a_superseded_or_unissued_generation_is_refused()
    {
        var flow = Started();
        flow.Request(1, Manual(ShaA));
        flow.Begin(1);
        flow.Plan(1);
        flow.Review(1, ReviewDecision.Confirm);

        var older = flow.Refused(flow.CheckRunId(1, 1, 501));
        flow.Refused(flow.CheckRunId(1, 3, 503));

        Assert.Contains("is not the newest (2)", older, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRunPublished_for_an_unknown_or_finished_deployment_is_refused()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Deploy(1);

        flow.Refused(flow.CheckRunId(99, 1, 501));
        var reason = flow.Refused(flow.CheckRunId(1, 1, 501));

        Assert.Contains("neither queued nor in progress", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-7L)]
    public void CheckRunPublished_with_a_non_positive_id_is_refused(long checkRunId)
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));

        flow.Refused(flow.CheckRunId(1, 1, checkRunId));
    }
}
