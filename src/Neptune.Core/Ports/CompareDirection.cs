namespace Neptune.Ports;

/// <summary>How a requested revision (head) relates to the latest deployed revision (base).</summary>
public enum CompareDirection
{
    /// <summary>Head contains base and more: a normal forward deploy.</summary>
    Ahead,

    /// <summary>Head is base.</summary>
    Identical,

    /// <summary>Base contains head: deploying it would roll back.</summary>
    Behind,

    /// <summary>Neither contains the other.</summary>
    Diverged,
}
