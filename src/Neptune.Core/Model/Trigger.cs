namespace Neptune.Model;

/// <summary>Why a revision was requested.</summary>
public enum Trigger
{
    /// <summary>A push to the default branch: the low-priority lane.</summary>
    Merge,

    /// <summary>A person asked for it (rerun, dashboard, API): the high-priority lane.</summary>
    Manual,
}
