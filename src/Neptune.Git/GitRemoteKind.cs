namespace Neptune.Git;

/// <summary>What kind of place a repository URL points to.</summary>
internal enum GitRemoteKind
{
    /// <summary>An <c>https://</c> remote: the only kind the token is sent to.</summary>
    Https,

    /// <summary>Any other network remote (<c>http://</c>, <c>ssh://</c>, <c>git://</c>, <c>user@host:path</c>).</summary>
    Network,

    /// <summary>A repository on this machine: a <c>file://</c> URL or an absolute path.</summary>
    Local,
}
