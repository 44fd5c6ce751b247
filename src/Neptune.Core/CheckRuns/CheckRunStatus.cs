namespace Neptune.CheckRuns;

/// <summary>GitHub's check-run status.</summary>
public enum CheckRunStatus
{
    /// <summary><c>queued</c>.</summary>
    Queued,

    /// <summary><c>in_progress</c>.</summary>
    InProgress,

    /// <summary><c>completed</c>: final; GitHub never lets a completed run change status again.</summary>
    Completed,
}

/// <summary>GitHub's conclusion of a completed check run.</summary>
public enum CheckRunConclusion
{
    /// <summary><c>success</c>.</summary>
    Success,

    /// <summary><c>failure</c>.</summary>
    Failure,

    /// <summary><c>timed_out</c>.</summary>
    TimedOut,

    /// <summary><c>skipped</c>.</summary>
    Skipped,

    /// <summary><c>cancelled</c>.</summary>
    Cancelled,

    /// <summary><c>action_required</c>: completed, with buttons; moving on needs a new check run.</summary>
    ActionRequired,
}
