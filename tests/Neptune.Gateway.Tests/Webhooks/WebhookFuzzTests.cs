using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Neptune.GitHub.Tests;
using Neptune.GitHub.Webhooks;
using Xunit.Abstractions;

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>
/// Property: whatever arrives at <c>POST /events</c> — random bytes, GitHub's payload examples with members deleted,
/// duplicated, retyped or cut, odd header values, most of it correctly signed so the parser is reached — the gateway
/// (on Kestrel, real TCP) answers with one of the statuses the handler documents, never 500 or 503 (503 means "we
/// failed, redeliver"), and a refused delivery never reaches the intake worker while every accepted one does. Fixed
/// seed and count; see <see cref="Fuzz"/>.
/// </summary>
public sealed class WebhookFuzzTests(ITestOutputHelper output)
{
    /// <summary>What the handler and endpoint document: ignored/handled, accepted, refused for a stated reason.</summary>
    private static readonly HashSet<int> Documented = [200, 202, 400, 401, 403, 404, 409, 413, 415];

    private static readonly (string Event, string File)[] Examples =
    [
        ("push", "push"), ("push", "push.with-installation"), ("ping", "ping"), ("check_run", "check_run.requested_action"),
        ("check_run", "check_run.rerequested"), ("check_run", "check_run.created"), ("check_suite", "check_suite.rerequested"),
        ("check_suite", "check_suite.requested"),
    ];

    private static readonly string[] Events = ["push", "ping", "check_run", "check_suite", "issues", "PUSH", "", " ", "push ", "check_run\t", "pull_request", "x"];
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", " application/json ", "application/json;", "application/x-www-form-urlencoded",
        "text/plain", "", "application/jsonx", "application", ";", "application/json; charset=latin1",
    ];

    private static readonly string[] Weird =
    [
        "", " ", "acme/", "/infra", "acme/infra/x", "acme//infra", "acme/infra", "acme/fuzz", "ACME/fuzz", "acme/..", "refs/heads/main", "refs/heads/master",
        "refs/tags/v1", "main", new string('a', 40), new string('A', 40), new string('0', 40), "6113728f27ae82c7b1a177c8d03f9e96e0adf24", "neptune/deploy: prod",
        "neptune/deploy: ", "neptune/deploy: ../x", "neptune/deploy: a||b", "Unlock", "Confirm", "Reject", "unlock", "requested_action", "rerequested",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "é∂漢", "\u0000", new string('x', 5000), "dana", "-1",
    ];

    /// <summary>The odd values HTTP lets a client put in a header (printable ASCII; HttpClient refuses the rest).</summary>
    private static readonly string[] WeirdHeaders = [.. Weird.Where(w => w.All(c => c is >= ' ' and <= '~'))];

    private static readonly string[] Targeted =
    [
        "ref", "before", "after", "action", "deleted", "forced", "created", "commits", "head_commit", "repository", "repository.full_name",
        "repository.default_branch", "repository.name", "sender", "sender.login", "pusher", "check_run", "check_run.name", "check_run.head_sha",
        "check_run.external_id", "check_run.check_suite", "check_run.check_suite.head_branch", "requested_action", "requested_action.identifier",
        "check_suite", "check_suite.head_sha", "check_suite.head_branch", "hook", "zen",
    ];

    [Fact]
    public async Task Any_delivery_gets_a_documented_status_and_only_accepted_ones_reach_intake()
    {
        await using var gateway = new GitHubGateway(kestrel: true);
        var examples = Examples.Select(e => (e.Event, Json: WebhookPayloads.Load(e.File))).ToArray();
        var deliveries = Gen.Int[0, int.MaxValue].Select(seed => Delivery(new Random(seed), examples));
        var (refused, accepted) = (new List<string>(), new List<string>());
        var statuses = new Dictionary<int, int>();
        var (count, elapsed) = await Fuzz.CheckAsync(deliveries, 300, 20261202, async d =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new ByteArrayContent(d.Body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", d.ContentType);
            Header(request, "X-GitHub-Event", d.Event);
            Header(request, "X-GitHub-Delivery", d.DeliveryId);
            Header(request, WebhookSignature.HeaderName, d.Signature);
            request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/fuzz");
            using var response = await gateway.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(Documented.Contains(status), $"answered {status}: {await response.Content.ReadAsStringAsync()}");
            if (d.DeliveryId is { Length: 36 } id)
            {
                (status == 202 ? accepted : status >= 400 ? refused : []).Add(id);
            }
        }, d => d.ToString());
        output.WriteLine($"{count} deliveries in {elapsed.TotalSeconds:F1} s: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"))}");

        await gateway.IntakeIdleAsync();
        var intake = gateway.Logs.Lines.Where(l => l.Contains(".IntakeWorker: Delivery ", StringComparison.Ordinal)).ToList();
        Assert.All(refused, id => Assert.DoesNotContain(intake, l => l.Contains($"Delivery {id} (", StringComparison.Ordinal)));
        Assert.All(accepted, id => Assert.Contains(intake, l => l.Contains($"Delivery {id} (", StringComparison.Ordinal)));
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal));
        Assert.True(accepted.Count > 0 && refused.Count > 0, "the inputs reach both answers");
    }

    private static void Header(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>One delivery: usually a mutated payload example under its own event, correctly signed.</summary>
    private static FuzzDelivery Delivery(Random r, (string Event, JsonObject Json)[] examples)
    {
        var (eventName, example) = examples[r.Next(examples.Length)];
        var origin = eventName;
        byte[] body;
        switch (r.Next(10))
        {
            case 0:
                body = new byte[r.Next(0, 300)];
                r.NextBytes(body);
                origin = "random bytes";
                break;
            case 1:
                var text = Encoding.UTF8.GetBytes(example.ToJsonString());
                body = text[..r.Next(text.Length)];
                origin += " cut";
                break;
            case 2:
                body = Encoding.UTF8.GetBytes(example.ToJsonString());
                for (int i = 0, n = 1 + r.Next(8); i < n; i++)
                {
                    body[r.Next(body.Length)] = (byte)r.Next(256);
                }

                origin += " bytes flipped";
                break;
            default:
                var json = (JsonObject)example.DeepClone();
                if (r.Next(5) > 0)
                {
                    Set(json, "repository.full_name", r.Next(4) == 0 ? "acme/infra" : "acme/fuzz"); // past the allowlist
                }

                var edits = new List<string>();
                for (int i = 0, n = 1 + r.Next(4); i < n; i++)
                {
                    edits.Add(Edit(r, json));
                }

                var rendered = json.ToJsonString();
                if (r.Next(8) == 0)
                {
                    // A member twice: JsonObject cannot hold that, so it is written into the text.
                    var member = Targeted[r.Next(Targeted.Length)].Split('.')[0];
                    rendered = "{\"" + member + "\":" + (Value(r)?.ToJsonString() ?? "null") + "," + rendered[1..];
                    edits.Add($"{member} twice");
                }

                body = Encoding.UTF8.GetBytes(rendered);
                origin += " " + string.Join("; ", edits);
                break;
        }

        var signature = r.Next(10) switch
        {
            0 => null,
            1 => "sha256=" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            2 => WeirdHeaders[r.Next(WeirdHeaders.Length)],
            3 => WebhookSignature.Sign(GitHubGateway.Secret, body).ToUpperInvariant(),
            _ => WebhookSignature.Sign(GitHubGateway.Secret, body),
        };
        var id = r.Next(12) == 0 ? WeirdHeaders[r.Next(WeirdHeaders.Length)] : new Guid(Bytes(r, 16)).ToString();
        return new FuzzDelivery(
            r.Next(8) == 0 ? Events[r.Next(Events.Length)] : eventName,
            r.Next(20) == 0 ? null : id,
            signature,
            r.Next(8) == 0 ? ContentTypes[r.Next(ContentTypes.Length)] : "application/json",
            body,
            origin);
    }

    /// <summary>Deletes, retypes or replaces one member (a named one or any), returning what it did.</summary>
    private static string Edit(Random r, JsonObject json)
    {
        var path = r.Next(2) == 0 ? Targeted[r.Next(Targeted.Length)] : AnyPath(r, json);
        switch (r.Next(3))
        {
            case 0:
                Remove(json, path);
                return $"{path} deleted";
            default:
                var value = Value(r);
                Set(json, path, value);
                return $"{path} = {Shorten(value?.ToJsonString() ?? "null")}";
        }
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>A value of any JSON type, often one the handler treats specially.</summary>
    private static JsonNode? Value(Random r) => r.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(r.Next(2) == 0),
        2 => JsonValue.Create(r.Next(3) == 0 ? long.MaxValue : r.Next(-5, 5)),
        3 => new JsonArray(),
        4 => new JsonObject(),
        5 => new JsonArray(JsonValue.Create(Weird[r.Next(Weird.Length)]), JsonValue.Create(1)),
        6 => JsonNode.Parse(new string('[', 40) + new string(']', 40)),
        _ => JsonValue.Create(Weird[r.Next(Weird.Length)]),
    };

    private static string AnyPath(Random r, JsonNode node)
    {
        var path = new List<string>();
        while (node is JsonObject { Count: > 0 } o && (path.Count == 0 || r.Next(3) > 0))
        {
            var (key, child) = o.ElementAt(r.Next(o.Count));
            path.Add(key);
            if (child is null)
            {
                break;
            }

            node = child;
        }

        return path.Count == 0 ? "x" : string.Join('.', path);
    }

    private static JsonObject? Parent(JsonObject json, string path, out string last)
    {
        var parts = path.Split('.');
        last = parts[^1];
        JsonNode? node = json;
        foreach (var part in parts[..^1])
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node as JsonObject;
    }

    private static void Set(JsonObject json, string path, JsonNode? value)
    {
        if (Parent(json, path, out var last) is { } parent)
        {
            parent[last] = value;
        }
    }

    private static void Remove(JsonObject json, string path) => Parent(json, path, out var last)?.Remove(last);

    private static byte[] Bytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One generated delivery.</summary>
    private sealed record FuzzDelivery(string? Event, string? DeliveryId, string? Signature, string ContentType, byte[] Body, string Origin)
    {
        public override string ToString() =>
            $"event '{Event}', delivery '{DeliveryId}', signature '{Signature}', content type '{ContentType}', {Body.Length} bytes ({Origin}): {Encoding.UTF8.GetString(Body)}";
    }
}
