using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Neptune.Benchmarks.Soak;

/// <summary>What the soak's check found: counts, and every discrepancy in words (none when the run was right).</summary>
public sealed class SoakVerdict
{
    /// <summary>Pushes answered 202.</summary>
    public int Accepted { get; init; }

    /// <summary>Deployments seen (distinct check-run external ids).</summary>
    public int Deployments { get; init; }

    /// <summary>Deployments that applied (check run <c>success</c>, finished and succeeded in the API, one audit SUCCESS).</summary>
    public int Applied { get; init; }

    /// <summary>Deployments refused because a later revision of their target was already deployed (spec §4.2).</summary>
    public int RejectedAsBehind { get; init; }

    /// <summary>Accepted pushes whose revision the host never recorded.</summary>
    public int Lost { get; init; }

    /// <summary>Revisions the host recorded more than once, or deployments with more than one final state.</summary>
    public int Duplicated { get; init; }

    /// <summary>Every discrepancy, in words.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>True when nothing was lost, duplicated or left unfinished.</summary>
    public bool Ok => Problems.Count == 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Accepted} pushes answered 202 → {Deployments} deployments: {Applied} applied, {RejectedAsBehind} rejected as behind; lost {Lost}, duplicated {Duplicated}; " +
        $"{(Ok ? "OK" : $"{Problems.Count} problems")}");
}

/// <summary>
/// Checks a soak run from the outside: what the fake GitHub was told (check runs: one deployment per accepted revision,
/// one final state each), what the gateway's JSON API says (every deployment finished, every target idle at its newest
/// revision) and the audit file (one apply start and one apply end per applied deployment).
/// </summary>
public static class SoakLedger
{
    private const string NamePrefix = "neptune/deploy: ";

    /// <summary>True when every accepted push has a deployment with a final check-run state and every target is idle.</summary>
    public static async Task<(bool Done, int Finished)> ProgressAsync(HttpClient gateway, SoakGitHub github, IReadOnlyCollection<SoakPush> accepted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(github);
        ArgumentNullException.ThrowIfNull(accepted);
        var finished = github.CheckRunCalls.Where(IsFinal).Select(c => c.ExternalId).Distinct(StringComparer.Ordinal).Count();
        if (finished < accepted.Count)
        {
            return (false, finished);
        }

        var targets = await GetAsync(gateway, "/api/targets", cancellationToken).ConfigureAwait(false);
        return (targets!.AsArray().All(t => Idle(t!)), finished);
    }

    /// <summary>Checks the run; <paramref name="accepted"/> are the pushes answered 202.</summary>
    public static async Task<SoakVerdict> CheckAsync(
        HttpClient gateway, SoakGitHub github, SoakRepos repos, IReadOnlyCollection<SoakPush> accepted, string auditPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(github);
        ArgumentNullException.ThrowIfNull(repos);
        ArgumentNullException.ThrowIfNull(accepted);
        var problems = new List<string>();
        void Problem(string text)
        {
            // Enough to diagnose; a systematic fault would otherwise print thousands of lines.
            if (problems.Count < 50)
            {
                problems.Add(text);
            }
            else if (problems.Count == 50)
            {
                problems.Add("… (more problems not listed)");
            }
        }

        // 1. Deployments as GitHub saw them: one per check-run external id.
        var calls = github.CheckRunCalls;
        var deployments = calls.Where(c => c.ExternalId is not null).GroupBy(c => c.ExternalId!, StringComparer.Ordinal).ToList();
        var byRevision = deployments
            .GroupBy(d => Key(d.First()), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var acceptedKeys = new HashSet<string>(StringComparer.Ordinal);
        int lost = 0, duplicated = 0;
        foreach (var push in accepted)
        {
            var key = $"{push.Target}@{push.After}";
            if (!acceptedKeys.Add(key))
            {
                Problem($"push {push.Number} was sent twice");
            }

            var found = byRevision.TryGetValue(key, out var list) ? list.Count : 0;
            if (found == 0)
            {
                lost++;
                Problem($"lost: push {push.Number} ({key}) was answered 202 but no deployment of it was recorded");
            }
            else if (found > 1)
            {
                duplicated += found - 1;
                Problem($"duplicated: push {push.Number} ({key}) became {found} deployments");
            }
        }

        foreach (var (key, list) in byRevision.Where(e => !acceptedKeys.Contains(e.Key)))
        {
            duplicated += list.Count;
            Problem($"unexpected: {list.Count} deployment(s) of {key}, which no accepted push asked for");
        }

        // 2. One final state per deployment, in the order GitHub was told; "behind" only when truly behind.
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var behind = 0;
        var newestApplied = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstOf = deployments.ToDictionary(d => d.Key, d => d.First(), StringComparer.Ordinal);
        foreach (var final in calls.Where(IsFinal))
        {
            var first = firstOf[final.ExternalId!];
            var target = Target(first);
            var index = repos.IndexOf(first.Repo, first.HeadSha ?? "");
            if (final.Conclusion == "success")
            {
                applied.Add(final.ExternalId!);
                newestApplied[target] = Math.Max(index, newestApplied.GetValueOrDefault(target, -1));
            }
            else if (final.Conclusion == "failure" && (final.Output ?? "").Contains("is behind the current revision", StringComparison.Ordinal))
            {
                behind++;
                if (newestApplied.GetValueOrDefault(target, -1) <= index)
                {
                    Problem($"deployment {final.ExternalId} of {target}@{first.HeadSha} was refused as behind, but no later revision of it had been applied");
                }
            }
            else
            {
                Problem($"deployment {final.ExternalId} of {target}@{first.HeadSha} ended {final.Conclusion}: {final.Output}");
            }
        }

        foreach (var deployment in deployments)
        {
            var finals = deployment.Count(IsFinal);
            if (finals != 1)
            {
                if (finals > 1)
                {
                    duplicated++;
                }

                Problem($"deployment {deployment.Key} has {finals} final check-run states ({string.Join(", ", deployment.Select(c => $"{c.Method} {c.Status}/{c.Conclusion}"))})");
            }
        }

        // 3. The gateway's JSON API: every deployment finished as GitHub was told; every target idle at its newest revision.
        var applyJobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deployment in deployments)
        {
            var view = await GetAsync(gateway, $"/api/deployments/{deployment.Key}", cancellationToken).ConfigureAwait(false);
            var first = deployment.First();
            var stage = view?["stage"]?.GetValue<string>();
            var outcome = view?["outcome"]?.GetValue<string>();
            if (view is null || view["revision"]?.GetValue<string>() != first.HeadSha || view["target"]?.GetValue<string>() != Target(first))
            {
                Problem($"deployment {deployment.Key}: the API does not know it as {Target(first)}@{first.HeadSha}");
                continue;
            }

            if (applied.Contains(deployment.Key))
            {
                if (stage != "Finished" || outcome != "Succeeded")
                {
                    Problem($"deployment {deployment.Key} applied on GitHub but the API says {stage}/{outcome}");
                }

                applyJobs[view["applyJobId"]!.GetValue<string>()] = deployment.Key;
            }
        }

        var targets = (await GetAsync(gateway, "/api/targets", cancellationToken).ConfigureAwait(false))!.AsArray();
        var newest = accepted.GroupBy(p => p.Target).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Index)!.After, StringComparer.Ordinal);
        foreach (var t in targets)
        {
            var id = t!["id"]!.GetValue<string>();
            if (!Idle(t))
            {
                Problem($"target {id} is not idle: {t.ToJsonString()}");
            }

            if (newest.TryGetValue(id, out var sha) && t["latestRevision"]?.GetValue<string>() != sha)
            {
                Problem($"target {id} is at {t["latestRevision"]}, expected its newest merge {sha}");
            }
        }

        if (targets.Count != newest.Count)
        {
            Problem($"the API lists {targets.Count} targets, the pushes went to {newest.Count}");
        }

        // 4. The audit file: per applied deployment, one RUNNING and one SUCCESS for its apply job, nothing else.
        var audit = File.Exists(auditPath) ? File.ReadAllLines(auditPath) : [];
        var states = audit.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
            .GroupBy(e => e.GetProperty("id").GetString()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.GetProperty("state").GetString()).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        foreach (var (job, deployment) in applyJobs)
        {
            var seen = states.GetValueOrDefault(job) ?? [];
            if (seen is not ["RUNNING", "SUCCESS"])
            {
                if (seen.Count(s => s is "SUCCESS" or "FAILURE") > 1)
                {
                    duplicated++;
                }

                Problem($"deployment {deployment}: audit states of its apply {job} are [{string.Join(", ", seen)}], expected [RUNNING, SUCCESS]");
            }
        }

        foreach (var job in states.Keys.Where(j => !applyJobs.ContainsKey(j)))
        {
            Problem($"audit events for apply job {job}, which is no applied deployment's");
        }

        return new SoakVerdict
        {
            Accepted = accepted.Count,
            Deployments = deployments.Count,
            Applied = applied.Count,
            RejectedAsBehind = behind,
            Lost = lost,
            Duplicated = duplicated,
            Problems = problems,
        };
    }

    /// <summary>A completed check-run state that ends the deployment (<c>action_required</c> waits for someone instead).</summary>
    public static bool IsFinal(SoakCheckRun call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.ExternalId is not null && call.Status == "completed" && call.Conclusion != "action_required";
    }

    private static string Target(SoakCheckRun call) =>
        $"{SoakRepos.Owner}/{call.Repo}||{(call.Name is { } n && n.StartsWith(NamePrefix, StringComparison.Ordinal) ? n[NamePrefix.Length..] : call.Name)}";

    private static string Key(SoakCheckRun call) => $"{Target(call)}@{call.HeadSha}";

    private static bool Idle(JsonNode target) =>
        target["current"] is null && target["merge"]!.AsArray().Count == 0 && target["manual"]!.AsArray().Count == 0;

    private static async Task<JsonNode?> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }
}
