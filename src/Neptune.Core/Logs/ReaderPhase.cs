namespace Neptune.Logs;

/// <summary>Where one reader of a <see cref="JobLog"/> is.</summary>
internal enum ReaderPhase
{
    /// <summary>Copying kept lines, a chunk at a time; not registered with the writer.</summary>
    Replaying,

    /// <summary>Registered with the writer: every line written from now on goes to its buffer.</summary>
    Live,

    /// <summary>Caught up with a log that had already completed: only its last replayed chunk is left.</summary>
    CaughtUpCompleted,

    /// <summary>Ended, cancelled or disposed: reads nothing more and holds nothing of the log.</summary>
    Finished,
}
