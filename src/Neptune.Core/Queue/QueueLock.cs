namespace Neptune.Queue;

/// <summary>The lock of a target's merge lane: unlocked, or locked at the revision of a manual deploy.</summary>
public readonly record struct QueueLock
{
    private QueueLock(string? revision) => Revision = revision;

    /// <summary>Merges flow.</summary>
    public static QueueLock Unlocked => default;

    /// <summary>The revision that holds the lock, when locked.</summary>
    public string? Revision { get; }

    /// <summary>Whether merges are held back.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Revision))]
    public bool IsLocked => Revision is not null;

    /// <summary>Locked at <paramref name="revision"/>.</summary>
    public static QueueLock LockedAt(string revision)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return new QueueLock(revision);
    }

    /// <inheritdoc />
    public override string ToString() => IsLocked ? $"Locked({Revision})" : "Unlocked";
}
