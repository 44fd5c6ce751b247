using CsCheck;
using Neptune.Model;
using Neptune.Queue;
using static Neptune.Tests.TestData;

namespace Neptune.Tests.Queue;

public class DeployQueuePropertyTests
{
    private enum Op { PushMerge, PushManual, PushRerun, Pop, Unlock }

    [Fact]
    public void Random_push_pop_unlock_sequences_keep_the_queue_rules()
    {
        var ops = Gen.Select(Gen.Enum<Op>(), Gen.Int[0, Shas.Length - 1]).Array[0, 80];

        ops.Sample(sequence =>
        {
            var queue = new DeployQueue();
            var pushed = new List<Deployment>();
            var popped = new List<Deployment>();
            // What the spec says the lanes and the lock should be, kept beside the queue.
            var manualLane = new Queue<Deployment>();
            var mergeLane = new Queue<Deployment>();
            string? lockedAt = null;

            foreach (var (op, shaIndex) in sequence)
            {
                var sha = Shas[shaIndex];
                switch (op)
                {
                    case Op.PushMerge:
                    case Op.PushManual:
                    case Op.PushRerun:
                        var request = op == Op.PushMerge ? Merge(sha) : Manual(sha, rerun: op == Op.PushRerun);
                        var d = new Deployment(Id(pushed.Count + 1), request, T0);
                        queue.Push(d);
                        pushed.Add(d);
                        (op == Op.PushMerge ? mergeLane : manualLane).Enqueue(d);
                        if (op == Op.PushManual)
                        {
                            lockedAt = sha;
                        }

                        break;

                    case Op.Unlock:
                        queue.Unlock();
                        lockedAt = null;
                        break;

                    case Op.Pop:
                        var expectedCanPop = manualLane.Count > 0 || (lockedAt is null && mergeLane.Count > 0);
                        Assert.Equal(expectedCanPop, queue.CanPop);
                        var got = queue.TryPop(out var item);
                        Assert.Equal(expectedCanPop, got);
                        if (got)
                        {
                            // Manual before merge; FIFO within each lane; never a merge while locked.
                            if (manualLane.Count > 0)
                            {
                                Assert.Same(manualLane.Dequeue(), item);
                            }
                            else
                            {
                                Assert.Null(lockedAt);
                                Assert.Same(mergeLane.Dequeue(), item);
                            }

                            popped.Add(item!);
                        }

                        break;
                }

                Assert.Equal(lockedAt, queue.Lock.Revision);
                Assert.Equal(manualLane.Count, queue.ManualCount);
                Assert.Equal(mergeLane.Count, queue.MergeCount);
            }

            // Nothing lost, nothing duplicated: popped + still queued is exactly what was pushed.
            var accounted = popped.Concat(queue.InOrder).Select(d => d.Id).ToList();
            Assert.Equal(accounted.Count, accounted.Distinct().Count());
            Assert.Equal(pushed.Select(d => d.Id).Order(), accounted.Order());
        });
    }
}
