namespace Neptune.GitHub.Permissions;

/// <summary>GitHub's repository roles, weakest first: a role includes every one before it.</summary>
public enum RepoPermission
{
    /// <summary>Can read and clone.</summary>
    Read,

    /// <summary>Can manage issues and pull requests without write access.</summary>
    Triage,

    /// <summary>Can push (the default needed to press Unlock, Confirm or Reject).</summary>
    Write,

    /// <summary>Can manage the repository without its most sensitive settings.</summary>
    Maintain,

    /// <summary>Full control.</summary>
    Admin,
}
