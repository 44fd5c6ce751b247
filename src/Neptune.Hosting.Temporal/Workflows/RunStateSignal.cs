namespace Neptune.Hosting.Temporal.Workflows;

/// <summary>Argument of the <c>state-change</c> signal a terraform run sends its deploy workflow.</summary>
public sealed class RunStateSignal
{
    /// <summary>The run state (<see cref="Snapshots.RunStateJson"/>): jobs, plan summary, review and result; small by construction.</summary>
    public string RunState { get; set; } = string.Empty;
}
