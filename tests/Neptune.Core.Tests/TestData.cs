using Neptune.Model;

namespace Neptune.Tests;

/// <summary>Fixed targets, commit ids, ids and times shared by the tests: nothing random, nothing from the clock.</summary>
internal static class TestData
{
    public static readonly RepoRef Repo = new("acme", "infra");

    public static readonly DeployTarget Target = new(Repo, "network");

    /// <summary>Commit ids, in the order they were "merged" (the tests decide their relation through CompareDirection).</summary>
    public const string ShaA = "3f786850e387550fdab836ed7e6dc881de23001b";
    public const string ShaB = "89e6c98d92887913cadf06b2adb97f26cde4849b";
    public const string ShaC = "2b66fd261ee5c6cfc8de7fa466bab600bcfe4f69";
    public const string ShaD = "a8fdc205a9f19cc1c7507a60c4f01b13d11d7fd0";
    public const string ShaE = "e5fa44f2b31c1fb553b6021e7360d07d5d91ff5e";

    public static readonly string[] Shas = [ShaA, ShaB, ShaC, ShaD, ShaE];

    /// <summary>2025-03-14 09:30 UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A fixed, distinct v4-shaped UUID per number.</summary>
    public static Guid Id(int n) => new($"0f8fad5b-d9cb-469f-a165-{n:D12}");

    public static RevisionRequest Merge(string sha, string user = "alice", int? pullNumber = null, IReadOnlyDictionary<string, string>? tags = null) =>
        new(Target, sha, "main", Trigger.Merge, user, defaultBranch: "main", tags: tags, pullNumber: pullNumber);

    public static RevisionRequest Manual(string sha, bool rerun = false, bool force = false, string branch = "main", string user = "bob") =>
        new(Target, sha, branch, Trigger.Manual, user, defaultBranch: "main", rerun: rerun, force: force);

    public static Deployment Deployment(RevisionRequest request, int n) => new(Id(n), request, T0);

    public static Deployment MergeDeployment(string sha, int n) => Deployment(Merge(sha), n);

    public static Deployment ManualDeployment(string sha, int n, bool rerun = false) => Deployment(Manual(sha, rerun), n);

    public static LatestDeployment Latest(string sha, Trigger trigger = Trigger.Merge, string? user = "carol", string branch = "main") =>
        new(Id(900), Target, sha, branch, trigger, initiatingUser: user);
}
