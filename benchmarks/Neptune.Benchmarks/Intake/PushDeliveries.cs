using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Neptune.GitHub.Webhooks;

namespace Neptune.Benchmarks.Intake;

/// <summary>One signed webhook request: the exact body and the headers GitHub sends with it.</summary>
/// <param name="Number">The push's sequence number (its <c>after</c> sha is <see cref="PushDeliveries.Sha"/> of it).</param>
/// <param name="DeliveryId">A fresh <c>X-GitHub-Delivery</c>.</param>
/// <param name="Signature">The <c>X-Hub-Signature-256</c> over <paramref name="Body"/>.</param>
/// <param name="Body">The UTF-8 JSON body.</param>
public sealed record SignedDelivery(long Number, string DeliveryId, string Signature, byte[] Body);

/// <summary>
/// GitHub push deliveries to the default branch, each distinct: push <c>n</c> goes to repository
/// <c>acme/infra-(n mod repos)</c>, moves <c>main</c> to the sha <c>n</c> (40 hex digits) and modifies one file in one
/// root, so it is never a replay, passes the <c>acme/*</c> allowlist and asks for exactly one revision. The body is
/// GitHub's push example (the gateway tests' fixture) with those fields changed; it is signed with HMAC-SHA256 like GitHub does.
/// </summary>
public sealed class PushDeliveries
{
    /// <summary>The owner every repository belongs to (the allowlist is <c>acme/*</c>).</summary>
    public const string Owner = "acme";

    /// <summary>The default branch of every repository.</summary>
    public const string DefaultBranch = "main";

    private const string RepoToken = "__REPO__";
    private const string AfterToken = "__AFTER__";
    private const string BeforeToken = "__BEFORE__";
    private const string FileToken = "__FILE__";

    private readonly string _secret;
    private readonly int _repos;
    private readonly IReadOnlyList<string> _roots;
    private readonly (byte[]? Literal, string? Token)[] _parts;
    private long _next;

    /// <summary>Deliveries over <paramref name="repos"/> repositories whose config has <paramref name="roots"/>, signed with <paramref name="secret"/>.</summary>
    public PushDeliveries(string secret, int repos, IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(repos, 1);
        ArgumentOutOfRangeException.ThrowIfZero(roots.Count);
        _secret = secret;
        _repos = repos;
        _roots = roots;
        _parts = Split(Template());
    }

    /// <summary>How many deliveries were made so far.</summary>
    public long Count => Interlocked.Read(ref _next);

    /// <summary>The repository name of push <paramref name="n"/>, e.g. <c>infra-0042</c>.</summary>
    public string Repo(long n) => "infra-" + (n % _repos).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The root push <paramref name="n"/> modifies.</summary>
    public string Root(long n) => _roots[(int)(n / _repos % _roots.Count)];

    /// <summary>The pushed sha of push <paramref name="n"/>: <paramref name="n"/> as 40 hex digits.</summary>
    public static string Sha(long n) => n.ToString("x40", CultureInfo.InvariantCulture);

    /// <summary>The number of the push whose <c>after</c> is <paramref name="sha"/>.</summary>
    public static long Number(string sha) => long.Parse(sha.AsSpan(24), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The next push, signed. Thread-safe.</summary>
    public SignedDelivery Next()
    {
        var n = Interlocked.Increment(ref _next);
        var body = Body(n);
        return new SignedDelivery(n, Guid.NewGuid().ToString(), WebhookSignature.Sign(_secret, body), body);
    }

    private byte[] Body(long n)
    {
        var values = _parts.Select(p => p.Literal ?? Value(p.Token!, n)).ToArray();
        var body = new byte[values.Sum(v => v.Length)];
        var at = 0;
        foreach (var bytes in values)
        {
            bytes.CopyTo(body, at);
            at += bytes.Length;
        }

        return body;
    }

    private byte[] Value(string token, long n) => Encoding.UTF8.GetBytes(token switch
    {
        RepoToken => Repo(n),
        AfterToken => Sha(n),
        BeforeToken => "e" + n.ToString("x39", CultureInfo.InvariantCulture),
        _ => Root(n) + "/main.tf",
    });

    /// <summary>GitHub's push example with tokens where each delivery differs (as <c>WebhookPayloads.Push</c> builds it in the gateway tests).</summary>
    private static string Template()
    {
        var push = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Intake", "Fixtures", "push.json")))!.AsObject();
        push["ref"] = "refs/heads/" + DefaultBranch;
        push["before"] = BeforeToken;
        push["after"] = AfterToken;
        push["created"] = false;
        push["deleted"] = false;
        push["forced"] = false;
        var commit = push["commits"]![0]!.AsObject();
        commit["id"] = AfterToken;
        commit["message"] = "Merge pull request #42 from acme/change";
        commit["added"] = new JsonArray();
        commit["removed"] = new JsonArray();
        commit["modified"] = new JsonArray(FileToken);
        push["head_commit"] = commit.DeepClone();
        var repo = push["repository"]!.AsObject();
        repo["full_name"] = Owner + "/" + RepoToken;
        repo["name"] = RepoToken;
        repo["owner"]!["login"] = Owner;
        repo["default_branch"] = DefaultBranch;
        repo["master_branch"] = DefaultBranch;
        push["sender"]!["login"] = "dana";
        return push.ToJsonString();
    }

    private static (byte[]? Literal, string? Token)[] Split(string template)
    {
        string[] tokens = [RepoToken, AfterToken, BeforeToken, FileToken];
        var parts = new List<(byte[]? Literal, string? Token)>();
        var at = 0;
        while (at < template.Length)
        {
            var (index, token) = (template.Length, string.Empty);
            foreach (var t in tokens)
            {
                var i = template.IndexOf(t, at, StringComparison.Ordinal);
                if (i >= 0 && i < index)
                {
                    (index, token) = (i, t);
                }
            }

            if (index > at)
            {
                parts.Add((Encoding.UTF8.GetBytes(template[at..index]), null));
            }

            if (token.Length > 0)
            {
                parts.Add((null, token));
            }

            at = index + token.Length;
        }

        return [.. parts];
    }
}
