using Neptune.Deploy;
using Neptune.Snapshots;
using Neptune.Tests.Deploy;
using static Neptune.Tests.Deploy.DeployFlow;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Snapshots;

/// <summary>A deploy state written in parts (head + one part per queued deployment) reads back as the whole state.</summary>
public class DeployStateJsonPartsTests
{
    [Fact]
    public void Head_leaves_out_queued_deployments_and_their_check_runs_and_keeps_the_one_in_flight()
    {
        var flow = QueuedBehindOne();

        var head = DeployStateJson.SerializeHead(flow.State);

        Assert.Contains(Id(1).ToString(), head, StringComparison.Ordinal);
        Assert.DoesNotContain(Id(2).ToString(), head, StringComparison.Ordinal);
        Assert.DoesNotContain(Id(3).ToString(), head, StringComparison.Ordinal);
        Assert.DoesNotContain(ShaB, head, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_read_back_as_the_whole_snapshot_lanes_order_lock_and_check_runs_included()
    {
        var flow = QueuedBehindOne();
        var state = flow.State;

        var parts = state.Queue.InOrder.Select(d => DeployStateJson.SerializeQueued(state, d)).ToList();
        var restored = DeployStateJson.Deserialize(DeployStateJson.SerializeHead(state), parts);

        // Check-run tracks may come back in another order (a dictionary's), so compare them one by one.
        Assert.Equal(DeployStateJson.SerializeHead(state), DeployStateJson.SerializeHead(restored));
        Assert.Equal(parts, restored.Queue.InOrder.Select(d => DeployStateJson.SerializeQueued(restored, d)));
        Assert.All(Enumerable.Range(1, 4), n => Assert.Equal(state.CheckRunOf(Id(n)), restored.CheckRunOf(Id(n))));
        Assert.Equal([Id(3)], restored.Queue.Manual.Select(d => d.Id));
        Assert.Equal([Id(2), Id(4)], restored.Queue.Merge.Select(d => d.Id));
        Assert.Equal(77, restored.CheckRunOf(Id(2))!.Value.CheckRunId);
    }

    [Fact]
    public void A_whole_snapshot_reads_with_no_parts_so_stores_written_before_parts_still_open()
    {
        var flow = QueuedBehindOne();

        var restored = DeployStateJson.Deserialize(DeployStateJson.Serialize(flow.State), []);

        Assert.Equal(DeployStateJson.Serialize(flow.State), DeployStateJson.Serialize(restored));
    }

    [Fact]
    public void A_broken_part_is_a_format_error_naming_the_part()
    {
        var flow = QueuedBehindOne();

        var e = Assert.Throws<FormatException>(() => DeployStateJson.Deserialize(DeployStateJson.SerializeHead(flow.State), ["{\"deployment\":"]));

        Assert.Contains("queued deployment", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Deployment 1 in flight; 2 (merge, check run 77), 3 (manual, locks merges) and 4 (merge) queued.</summary>
    private static DeployFlow QueuedBehindOne()
    {
        var flow = Started();
        flow.Request(1, Merge(ShaA));
        flow.Request(2, Merge(ShaB));
        flow.Published(2, 1, 77);
        flow.Request(3, Manual(ShaC));
        flow.Request(4, Merge(ShaD));
        Assert.True(flow.State.Queue.Lock.IsLocked);
        return flow;
    }
}
