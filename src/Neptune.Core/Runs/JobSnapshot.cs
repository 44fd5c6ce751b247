namespace Neptune.Runs;

/// <summary>One job of a run as last reported.</summary>
/// <param name="JobId">The job id: its log is at <c>/jobs/{JobId}</c> and in the job store.</param>
/// <param name="Status">Its state.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record JobSnapshot(Guid JobId, JobStatus Status, DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null)
{
    /// <summary>Whether the job has finished (successfully or not) or will never run.</summary>
    public bool IsFinal => Status is JobStatus.Success or JobStatus.Failed or JobStatus.Rejected;
}
