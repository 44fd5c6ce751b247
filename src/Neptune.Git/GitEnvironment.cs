namespace Neptune.Git;

/// <summary>
/// The environment of every git process: no system or user configuration, no prompts, no repository
/// discovered above the working directory, no inherited <c>GIT_*</c> variable that could redirect git,
/// and configuration (the token's header included) passed through <c>GIT_CONFIG_COUNT</c>, never as arguments.
/// </summary>
internal static class GitEnvironment
{
    // Settings that keep a run predictable: no background gc or maintenance outliving git (it would hold
    // the workspace open), no hint noise on stderr, no fsmonitor daemon.
    private static readonly (string Key, string Value)[] Settings =
    [
        ("gc.auto", "0"),
        ("maintenance.auto", "false"),
        ("fetch.writeCommitGraph", "false"),
        ("core.fsmonitor", "false"),
        ("init.defaultBranch", "neptune"),
        ("advice.detachedHead", "false"),
    ];

    /// <summary>Sets up <paramref name="environment"/> for a git run in <paramref name="workingDirectory"/>.</summary>
    /// <param name="environment">The process's environment, initially inherited from this process.</param>
    /// <param name="workingDirectory">The absolute working directory of the run.</param>
    /// <param name="authorizationHeader">The header for an https remote, or null to send none.</param>
    public static void Apply(IDictionary<string, string?> environment, string workingDirectory, string? authorizationHeader)
    {
        foreach (var name in environment.Keys.Where(IsStripped).ToList())
        {
            environment.Remove(name);
        }

        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        if (Path.GetDirectoryName(workingDirectory) is { Length: > 0 } parent)
        {
            environment["GIT_CEILING_DIRECTORIES"] = parent;
        }

        var settings = Settings.ToList();
        if (authorizationHeader is not null)
        {
            settings.Add(("http.extraHeader", authorizationHeader));
        }

        environment["GIT_CONFIG_COUNT"] = settings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < settings.Count; i++)
        {
            var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["GIT_CONFIG_KEY_" + index] = settings[i].Key;
            environment["GIT_CONFIG_VALUE_" + index] = settings[i].Value;
        }
    }

    // Kept: how git finds its helpers and how operators set up ssh and TLS. Everything else named GIT_*
    // (GIT_DIR, GIT_WORK_TREE, GIT_ASKPASS, GIT_CONFIG_*, GIT_TRACE_CURL…) could redirect or expose a run.
    private static bool IsStripped(string name) =>
        name.StartsWith("GIT_", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("GIT_EXEC_PATH", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("GIT_SSH", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("GIT_SSL_", StringComparison.OrdinalIgnoreCase);
}
