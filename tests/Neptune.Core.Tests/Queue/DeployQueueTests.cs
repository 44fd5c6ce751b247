using Neptune.Model;
using Neptune.Queue;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Queue;

public class DeployQueueTests
{
    private static List<Guid> Drain(DeployQueue queue)
    {
        var ids = new List<Guid>();
        while (queue.TryPop(out var d))
        {
            ids.Add(d.Id);
        }

        return ids;
    }

    [Fact]
    public void A_new_queue_is_empty_unlocked_and_cannot_pop()
    {
        var queue = new DeployQueue();

        Assert.True(queue.IsEmpty);
        Assert.False(queue.Lock.IsLocked);
        Assert.False(queue.CanPop);
        Assert.False(queue.TryPop(out var d));
        Assert.Null(d);
    }

    [Fact]
    public void Manual_item_leaves_before_earlier_merge_items()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(MergeDeployment(ShaB, 2));
        queue.Push(ManualDeployment(ShaC, 3, rerun: true));

        Assert.True(queue.TryPop(out var first));
        Assert.Equal(Id(3), first.Id);
    }

    [Fact]
    public void Merge_lane_is_first_in_first_out()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaC, 1));
        queue.Push(MergeDeployment(ShaA, 2));
        queue.Push(MergeDeployment(ShaB, 3));

        Assert.Equal([Id(1), Id(2), Id(3)], Drain(queue));
    }

    [Fact]
    public void Manual_lane_is_first_in_first_out_even_while_merges_wait()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(ManualDeployment(ShaB, 2));
        queue.Push(MergeDeployment(ShaC, 3));
        queue.Push(ManualDeployment(ShaD, 4));

        Assert.Equal([Id(2), Id(4)], Drain(queue));
        Assert.Equal(2, queue.MergeCount);
    }

    [Fact]
    public void Manual_push_locks_the_merge_lane_at_its_revision()
    {
        var queue = new DeployQueue();

        var changed = queue.Push(ManualDeployment(ShaB, 1));

        Assert.True(changed);
        Assert.True(queue.Lock.IsLocked);
        Assert.Equal(ShaB, queue.Lock.Revision);
    }

    [Fact]
    public void A_later_manual_request_moves_the_lock_to_its_revision()
    {
        var queue = new DeployQueue();
        queue.Push(ManualDeployment(ShaB, 1));

        var changed = queue.Push(ManualDeployment(ShaD, 2));

        Assert.True(changed);
        Assert.Equal(ShaD, queue.Lock.Revision);
    }

    [Fact]
    public void A_manual_request_at_the_locked_revision_reports_no_lock_change()
    {
        var queue = new DeployQueue();
        queue.LockAt(ShaB);

        Assert.False(queue.Push(ManualDeployment(ShaB, 1)));
        Assert.Equal(ShaB, queue.Lock.Revision);
    }

    [Fact]
    public void A_rerun_does_not_lock_an_unlocked_queue()
    {
        var queue = new DeployQueue();

        var changed = queue.Push(ManualDeployment(ShaA, 1, rerun: true));

        Assert.False(changed);
        Assert.False(queue.Lock.IsLocked);
        Assert.Equal(1, queue.ManualCount);
    }

    [Fact]
    public void A_rerun_does_not_move_an_existing_lock()
    {
        var queue = new DeployQueue();
        queue.Push(ManualDeployment(ShaB, 1));

        queue.Push(ManualDeployment(ShaC, 2, rerun: true));

        Assert.Equal(ShaB, queue.Lock.Revision);
    }

    [Fact]
    public void A_merge_push_never_changes_the_lock()
    {
        var queue = new DeployQueue();

        Assert.False(queue.Push(MergeDeployment(ShaA, 1)));
        Assert.False(queue.Lock.IsLocked);

        queue.LockAt(ShaB);
        Assert.False(queue.Push(MergeDeployment(ShaC, 2)));
        Assert.Equal(ShaB, queue.Lock.Revision);
    }

    [Fact]
    public void Merge_never_pops_while_locked()
    {
        var queue = new DeployQueue();
        queue.LockAt(ShaA);
        queue.Push(MergeDeployment(ShaB, 1));
        queue.Push(MergeDeployment(ShaC, 2));

        Assert.False(queue.CanPop);
        Assert.False(queue.TryPop(out _));
        Assert.Equal(2, queue.MergeCount);
    }

    [Fact]
    public void Popping_the_manual_item_that_locked_the_queue_does_not_unlock_it()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(ManualDeployment(ShaB, 2));

        Assert.Equal([Id(2)], Drain(queue));
        Assert.True(queue.Lock.IsLocked);
        Assert.Equal(1, queue.MergeCount);
    }

    [Fact]
    public void Unlock_lets_held_merges_flow_in_order()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(ManualDeployment(ShaB, 2));
        queue.Push(MergeDeployment(ShaC, 3));
        Drain(queue);

        var wasLocked = queue.Unlock();

        Assert.True(wasLocked);
        Assert.False(queue.Lock.IsLocked);
        Assert.Equal([Id(1), Id(3)], Drain(queue));
    }

    [Fact]
    public void Unlock_of_an_unlocked_queue_reports_it_was_not_locked()
    {
        var queue = new DeployQueue();

        Assert.False(queue.Unlock());
        Assert.False(queue.Lock.IsLocked);
    }

    [Fact]
    public void LockAt_rebuilds_the_lock_at_start_up()
    {
        var queue = new DeployQueue();

        queue.LockAt(ShaE);

        Assert.Equal(QueueLock.LockedAt(ShaE), queue.Lock);
        Assert.Equal($"Locked({ShaE})", queue.Lock.ToString());
    }

    [Theory]
    [InlineData(0, 0, false, false)]
    [InlineData(0, 0, true, false)]
    [InlineData(0, 1, false, true)]
    [InlineData(0, 1, true, false)]
    [InlineData(1, 0, false, true)]
    [InlineData(1, 0, true, true)]
    [InlineData(1, 1, false, true)]
    [InlineData(1, 1, true, true)]
    [InlineData(0, 3, true, false)]
    public void CanPop_is_manual_nonempty_or_unlocked_and_nonempty(int manualItems, int mergeItems, bool locked, bool expected)
    {
        var queue = new DeployQueue();
        var n = 0;
        for (var i = 0; i < manualItems; i++)
        {
            queue.Push(ManualDeployment(Shas[i], ++n, rerun: true)); // reruns leave the lock alone
        }

        for (var i = 0; i < mergeItems; i++)
        {
            queue.Push(MergeDeployment(Shas[i], ++n));
        }

        if (locked)
        {
            queue.LockAt(ShaE);
        }

        Assert.Equal(expected, queue.CanPop);
        Assert.Equal(expected, queue.TryPop(out _));
    }

    [Fact]
    public void Manual_request_for_a_revision_queued_in_the_manual_lane_is_a_duplicate()
    {
        var queue = new DeployQueue();
        queue.Push(ManualDeployment(ShaA, 1));

        Assert.True(queue.IsDuplicate(Manual(ShaA), inProgressRevision: null));
    }

    [Fact]
    public void Manual_request_for_the_revision_in_progress_is_a_duplicate()
    {
        var queue = new DeployQueue();

        Assert.True(queue.IsDuplicate(Manual(ShaC), inProgressRevision: ShaC));
    }

    [Fact]
    public void Manual_request_for_a_revision_only_in_the_merge_lane_is_not_a_duplicate()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));

        Assert.False(queue.IsDuplicate(Manual(ShaA), inProgressRevision: ShaB));
    }

    [Fact]
    public void Manual_request_for_a_new_revision_is_not_a_duplicate()
    {
        var queue = new DeployQueue();
        queue.Push(ManualDeployment(ShaA, 1));

        Assert.False(queue.IsDuplicate(Manual(ShaB), inProgressRevision: ShaC));
    }

    [Fact]
    public void Merge_requests_are_never_duplicates()
    {
        var queue = new DeployQueue();
        queue.Push(ManualDeployment(ShaA, 1));
        queue.Push(MergeDeployment(ShaA, 2));

        Assert.False(queue.IsDuplicate(Merge(ShaA), inProgressRevision: ShaA));
    }

    [Fact]
    public void InOrder_lists_the_manual_lane_then_the_merge_lane()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(ManualDeployment(ShaB, 2));
        queue.Push(MergeDeployment(ShaC, 3));
        queue.Push(ManualDeployment(ShaD, 4, rerun: true));

        Assert.Equal([Id(2), Id(4), Id(1), Id(3)], queue.InOrder.Select(d => d.Id));
        Assert.Equal(4, queue.Count);
    }

    [Fact]
    public void Contains_finds_queued_items_in_either_lane_and_forgets_popped_ones()
    {
        var queue = new DeployQueue();
        queue.Push(MergeDeployment(ShaA, 1));
        queue.Push(ManualDeployment(ShaB, 2, rerun: true));

        Assert.True(queue.Contains(Id(1)));
        Assert.True(queue.Contains(Id(2)));
        Assert.False(queue.Contains(Id(3)));

        queue.TryPop(out _);
        Assert.False(queue.Contains(Id(2)));
    }

    [Fact]
    public void QueueLock_refuses_an_empty_revision()
    {
        Assert.Throws<ArgumentException>(() => QueueLock.LockedAt(""));
    }
}
