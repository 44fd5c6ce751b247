namespace Neptune.Runs;

/// <summary>State of one job (plan or apply) of a run.</summary>
public enum JobStatus
{
    /// <summary>Not started yet.</summary>
    Waiting,

    /// <summary>Running now.</summary>
    InProgress,

    /// <summary>Finished successfully.</summary>
    Success,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Never ran because the plan was rejected or its review timed out (apply only).</summary>
    Rejected,
}
