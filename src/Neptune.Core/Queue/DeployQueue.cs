using Neptune.Model;

namespace Neptune.Queue;

/// <summary>
/// The queue of one target (spec §3): a manual lane that always goes first, a merge lane behind it,
/// and a lock that holds the merge lane only. FIFO within each lane; no size cap.
/// Not thread-safe: one coordinator owns it.
/// </summary>
public sealed class DeployQueue
{
    private readonly Queue<Deployment> manual = new();
    private readonly Queue<Deployment> merge = new();

    /// <summary>The lock of the merge lane.</summary>
    public QueueLock Lock { get; private set; }

    /// <summary>Items in the manual lane.</summary>
    public int ManualCount => manual.Count;

    /// <summary>Items in the merge lane.</summary>
    public int MergeCount => merge.Count;

    /// <summary>All queued items.</summary>
    public int Count => manual.Count + merge.Count;

    /// <summary>Whether nothing is queued.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The manual lane, first out first.</summary>
    public IEnumerable<Deployment> Manual => manual;

    /// <summary>The merge lane, first out first.</summary>
    public IEnumerable<Deployment> Merge => merge;

    /// <summary>Every item in the order it would leave if the lock were open: manual lane, then merge lane.</summary>
    public IEnumerable<Deployment> InOrder => manual.Concat(merge);

    /// <summary>Whether <see cref="TryPop"/> would return an item: a manual item, or an unlocked non-empty merge lane.</summary>
    public bool CanPop => manual.Count > 0 || (!Lock.IsLocked && merge.Count > 0);

    /// <summary>
    /// Whether a request must be dropped as a duplicate: a manual request whose revision is already in
    /// the manual lane or in progress. Merge requests are never duplicates.
    /// </summary>
    /// <param name="request">The incoming request.</param>
    /// <param name="inProgressRevision">The revision of the deployment in progress, if any.</param>
    public bool IsDuplicate(RevisionRequest request, string? inProgressRevision)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Trigger != Trigger.Manual)
        {
            return false;
        }

        if (string.Equals(request.Revision, inProgressRevision, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var item in manual)
        {
            if (string.Equals(item.Revision, request.Revision, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds an accepted deployment to its lane. A manual, non-rerun deployment locks the merge lane at its
    /// revision (moving an existing lock); reruns leave the lock as it is.
    /// </summary>
    /// <returns>Whether the lock changed.</returns>
    public bool Push(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Request.Trigger == Trigger.Merge)
        {
            merge.Enqueue(deployment);
            return false;
        }

        manual.Enqueue(deployment);
        if (deployment.Request.Rerun || Lock.Revision == deployment.Revision)
        {
            return false;
        }

        Lock = QueueLock.LockedAt(deployment.Revision);
        return true;
    }

    /// <summary>Takes the next item: the manual lane first; the merge lane only while unlocked.</summary>
    public bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Deployment? deployment)
    {
        if (manual.TryDequeue(out deployment))
        {
            return true;
        }

        if (!Lock.IsLocked && merge.TryDequeue(out deployment))
        {
            return true;
        }

        deployment = null;
        return false;
    }

    /// <summary>Opens the merge lane. Returns whether it was locked.</summary>
    public bool Unlock()
    {
        var was = Lock.IsLocked;
        Lock = QueueLock.Unlocked;
        return was;
    }

    /// <summary>Locks the merge lane at <paramref name="revision"/> (start-up rebuild from the latest deployment).</summary>
    public void LockAt(string revision) => Lock = QueueLock.LockedAt(revision);

    /// <summary>Refills an empty queue from a snapshot, keeping lane order.</summary>
    internal void Restore(IEnumerable<Deployment> manualLane, IEnumerable<Deployment> mergeLane, QueueLock queueLock)
    {
        if (!IsEmpty)
        {
            throw new InvalidOperationException("Only an empty queue can be restored.");
        }

        foreach (var d in manualLane)
        {
            manual.Enqueue(d);
        }

        foreach (var d in mergeLane)
        {
            merge.Enqueue(d);
        }

        Lock = queueLock;
    }

    /// <summary>Whether a deployment with this id is queued.</summary>
    public bool Contains(Guid deploymentId)
    {
        foreach (var item in manual)
        {
            if (item.Id == deploymentId)
            {
                return true;
            }
        }

        foreach (var item in merge)
        {
            if (item.Id == deploymentId)
            {
                return true;
            }
        }

        return false;
    }
}
