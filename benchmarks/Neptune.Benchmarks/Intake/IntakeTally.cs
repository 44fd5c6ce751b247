namespace Neptune.Benchmarks.Intake;

/// <summary>How the intake answered every delivery sent to it in a run, to compare with what the host accepted.</summary>
public sealed class IntakeTally
{
    /// <summary>Deliveries answered 202 (accepted and queued for intake).</summary>
    public int Answered202 { get; private set; }

    /// <summary>Deliveries answered anything else (none expected).</summary>
    public int Other { get; private set; }

    /// <summary>Counts one answer.</summary>
    public void Add(int status)
    {
        if (status == 202)
        {
            Answered202++;
        }
        else
        {
            Other++;
        }
    }

    /// <summary>Counts a phase's answers; returns how many were 202.</summary>
    public int Add(LoadResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var before = Answered202;
        foreach (var r in run.Requests)
        {
            Add(r.Status);
        }

        return Answered202 - before;
    }
}
