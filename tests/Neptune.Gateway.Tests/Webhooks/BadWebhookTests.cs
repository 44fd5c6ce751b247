using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Neptune.Gateway.Tests.Webhooks;

/// <summary>One gateway for every bad delivery: none of them may enqueue anything, so the gateway stays empty throughout.</summary>
public sealed class BadWebhookGateway : IAsyncLifetime
{
    public const int MaxPayloadBytes = 64 * 1024;

    public GitHubGateway Gateway { get; } = new(b => b.UseSetting("Neptune:GitHub:MaxPayloadBytes", MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>
/// Bad deliveries, each a real HTTP request: the right status code, a log line saying why, nothing enqueued (no
/// target, no deploy check run), and the gateway still healthy.
/// </summary>
public sealed class BadWebhookTests(BadWebhookGateway fixture) : IClassFixture<BadWebhookGateway>
{
    private const string Config = """
        version: 3
        projects:
          - name: prod
            dir: envs/prod
        """;

    private static readonly string Zero = new('0', 40);
    private readonly GitHubGateway _gateway = fixture.Gateway;

    private static byte[] Bytes(JsonObject payload) => Encoding.UTF8.GetBytes(payload.ToJsonString());

    private string ProdCommit() =>
        _gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config, ["envs/prod/main.tf"] = $"# {Guid.NewGuid()}\n" });

    private JsonObject GoodPush() => WebhookPayloads.Push(Zero[..39] + "1", ProdCommit(), ["envs/prod/main.tf"]);

    private async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains(reason, StringComparison.Ordinal) && l.Contains($" {(int)status}", StringComparison.Ordinal));
        await NothingEnqueuedAsync();
    }

    private async Task NothingEnqueuedAsync()
    {
        await _gateway.IntakeIdleAsync();
        Assert.Empty(await _gateway.Neptune.GetTargetsAsync());
        Assert.DoesNotContain(_gateway.GitHub.CheckRunCalls, c => c.Body["name"]?.GetValue<string>()?.StartsWith("neptune/deploy", StringComparison.Ordinal) == true);
        var health = await _gateway.Http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Missing_signature_is_401() =>
        await RefusedAsync(await _gateway.SendAsync("push", GoodPush(), secret: null), HttpStatusCode.Unauthorized, "X-Hub-Signature-256 header is missing");

    [Fact]
    public async Task Signature_made_with_another_secret_is_401() =>
        await RefusedAsync(await _gateway.SendAsync("push", GoodPush(), secret: "not-the-secret"), HttpStatusCode.Unauthorized, "signature does not match");

    [Theory]
    [InlineData("sha256=zz")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("garbage")]
    public async Task Malformed_signature_is_401(string signature) =>
        await RefusedAsync(await _gateway.SendRawAsync("push", Bytes(GoodPush()), signature: signature), HttpStatusCode.Unauthorized, "signature does not match");

    [Fact]
    public async Task Body_changed_after_signing_is_401()
    {
        var body = Bytes(GoodPush());
        var signature = GitHub.Webhooks.WebhookSignature.Sign(GitHubGateway.Secret, body);
        body[^2] = (byte)' ';
        await RefusedAsync(await _gateway.SendRawAsync("push", body, signature: signature), HttpStatusCode.Unauthorized, "signature does not match");
    }

    [Fact]
    public async Task Malformed_json_is_400() =>
        await RefusedAsync(await _gateway.SendRawAsync("push", "{\"ref\": refs/heads/main"u8.ToArray()), HttpStatusCode.BadRequest, "The push payload could not be read");

    [Fact]
    public async Task Truncated_body_is_400()
    {
        var body = Bytes(GoodPush());
        await RefusedAsync(await _gateway.SendRawAsync("push", body[..(body.Length / 2)]), HttpStatusCode.BadRequest, "The push payload could not be read");
    }

    [Fact]
    public async Task Empty_body_is_400() =>
        await RefusedAsync(await _gateway.SendRawAsync("push", []), HttpStatusCode.BadRequest, "The push payload could not be read");

    [Fact]
    public async Task Payload_missing_required_members_is_400()
    {
        var push = GoodPush();
        push.Remove("repository");
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.BadRequest, "The push payload names no repository");
    }

    [Fact]
    public async Task Body_that_is_not_utf8_is_400() =>
        await RefusedAsync(await _gateway.SendRawAsync("push", [0x7b, 0xff, 0xfe, 0x7d]), HttpStatusCode.BadRequest, "The push payload could not be read");

    [Fact]
    public async Task Oversize_body_is_413()
    {
        var push = GoodPush();
        push["padding"] = new string('x', BadWebhookGateway.MaxPayloadBytes);
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.RequestEntityTooLarge, "larger than");
    }

    [Fact]
    public async Task Missing_event_header_is_400() =>
        await RefusedAsync(await _gateway.SendRawAsync(null, Bytes(GoodPush())), HttpStatusCode.BadRequest, "X-GitHub-Event header is missing");

    [Fact]
    public async Task Form_encoded_delivery_is_415() =>
        await RefusedAsync(
            await _gateway.SendRawAsync("push", Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(GoodPush().ToJsonString())), contentType: "application/x-www-form-urlencoded"),
            HttpStatusCode.UnsupportedMediaType,
            "set the webhook's content type to application/json");

    [Fact]
    public async Task Unknown_event_is_200_and_ignored() =>
        await RefusedAsync(await _gateway.SendAsync("issues", GoodPush()), HttpStatusCode.OK, "Event 'issues' is not one Neptune handles");

    [Fact]
    public async Task Push_to_another_branch_is_200_and_ignored()
    {
        var push = GoodPush();
        push["ref"] = "refs/heads/feature/x";
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.OK, "Push to refs/heads/feature/x ignored");
    }

    [Fact]
    public async Task Tag_push_is_200_and_ignored()
    {
        var push = GoodPush();
        push["ref"] = "refs/tags/v1.0.0";
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.OK, "Tag push refs/tags/v1.0.0 ignored");
    }

    [Fact]
    public async Task Deleted_default_branch_is_200_ignored_and_warned()
    {
        var push = GoodPush();
        push["deleted"] = true;
        push["after"] = Zero;
        var delivery = Guid.NewGuid().ToString();
        await RefusedAsync(await _gateway.SendAsync("push", push, delivery), HttpStatusCode.OK, "Deletion of refs/heads/main ignored");
        Assert.Contains(_gateway.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(delivery, StringComparison.Ordinal) && l.Contains("was deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repository_not_in_the_allowlist_is_403() =>
        await RefusedAsync(
            await _gateway.SendAsync("push", WebhookPayloads.Repository(GoodPush(), "evil/infra")),
            HttpStatusCode.Forbidden,
            "Repository evil/infra is not in Neptune:GitHub:RepoAllowlist");

    [Fact]
    public async Task Ping_from_a_repository_not_allowed_is_403_and_an_allowed_one_is_pong()
    {
        await RefusedAsync(await _gateway.SendAsync("ping", WebhookPayloads.Repository(WebhookPayloads.Ping(), "evil/infra")), HttpStatusCode.Forbidden, "not in Neptune:GitHub:RepoAllowlist");
        var pong = await _gateway.SendAsync("ping", WebhookPayloads.Ping());
        Assert.Equal(HttpStatusCode.OK, pong.StatusCode);
        Assert.Equal("pong", await pong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Push_whose_after_is_not_a_commit_id_is_400()
    {
        var push = GoodPush();
        push["after"] = "main";
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.BadRequest, "is not a commit id");
    }

    [Fact]
    public async Task Unknown_button_is_400() =>
        await RefusedAsync(
            await _gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", ProdCommit(), Guid.NewGuid().ToString(), "lgtm|26764")),
            HttpStatusCode.BadRequest,
            "Unknown button 'lgtm|26764'");

    [Theory]
    [InlineData("eve")] // not a collaborator
    [InlineData("rita")] // read role only
    public async Task Sender_without_write_permission_is_403(string sender)
    {
        _gateway.GitHub.Roles["rita"] = "read";
        await RefusedAsync(
            await _gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", ProdCommit(), Guid.NewGuid().ToString(), "Confirm", sender)),
            HttpStatusCode.Forbidden,
            $"{sender} may not press Confirm on acme/infra");
    }

    [Fact]
    public async Task Confirm_on_a_check_run_whose_external_id_is_not_a_deployment_is_400() =>
        await RefusedAsync(
            await _gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", ProdCommit(), "lgtm", "Confirm")),
            HttpStatusCode.BadRequest,
            "external_id ('lgtm') is not a deployment id");

    [Fact]
    public async Task Confirm_for_an_unknown_deployment_is_404()
    {
        var id = Guid.NewGuid();
        await RefusedAsync(await _gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", ProdCommit(), id.ToString(), "Confirm")), HttpStatusCode.NotFound, id.ToString());
    }

    [Fact]
    public async Task Unlock_of_a_target_that_does_not_exist_is_404() =>
        await RefusedAsync(await _gateway.SendAsync("check_run", WebhookPayloads.RequestedAction("prod", ProdCommit(), null, "Unlock")), HttpStatusCode.NotFound, "acme/infra||prod");

    [Fact]
    public async Task Check_run_of_another_app_is_200_and_ignored()
    {
        var e = WebhookPayloads.RequestedAction("prod", ProdCommit(), Guid.NewGuid().ToString(), "Confirm");
        e["check_run"]!["name"] = "ci/build";
        await RefusedAsync(await _gateway.SendAsync("check_run", e), HttpStatusCode.OK, "Check run 'ci/build' is not Neptune's");
    }

    [Fact]
    public async Task Rerun_on_another_branch_is_200_and_ignored() =>
        await RefusedAsync(
            await _gateway.SendAsync("check_run", WebhookPayloads.Rerequested("prod", ProdCommit(), branch: "feature/x")),
            HttpStatusCode.OK,
            "Re-run on branch 'feature/x' ignored");

    [Fact]
    public async Task Check_suite_requested_is_200_and_ignored() =>
        await RefusedAsync(
            await _gateway.SendAsync("check_suite", WebhookPayloads.SuiteRerequested(ProdCommit(), action: "requested")),
            HttpStatusCode.OK,
            "Check suite action 'requested' ignored");

    [Fact]
    public async Task Config_with_yaml_errors_is_shown_on_a_check_run_and_nothing_is_deployed()
    {
        var sha = _gateway.Commit(new Dictionary<string, string>
        {
            ["neptune.yaml"] = "version: 3\nprojects:\n  - name: prod\n    dir: [envs/prod\n",
            ["envs/prod/main.tf"] = $"# {Guid.NewGuid()}\n",
        });
        var response = await _gateway.SendAsync("push", WebhookPayloads.Push(Zero[..39] + "1", sha, ["envs/prod/main.tf"]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await NothingEnqueuedAsync();

        var report = Assert.Single(_gateway.GitHub.CheckRunCalls, c => c.Body["head_sha"]?.GetValue<string>() == sha);
        Assert.Equal("neptune/config", report.Body["name"]!.GetValue<string>());
        Assert.Equal("failure", report.Conclusion);
        Assert.Contains("neptune.yaml", report.Body["output"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains($"Config of acme/infra@{sha[..7]} is broken", StringComparison.Ordinal) && l.Contains("neptune.yaml", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside", "reaches outside the repository")]
    [InlineData("/etc", "is absolute")]
    public async Task Root_dir_escaping_the_repository_is_a_config_error(string dir, string reason)
    {
        var sha = _gateway.Commit(new Dictionary<string, string>
        {
            ["neptune.yaml"] = $"version: 3\nprojects:\n  - name: prod\n    dir: {dir}\n",
            ["envs/prod/main.tf"] = $"# {Guid.NewGuid()}\n",
        });
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SendAsync("push", WebhookPayloads.Push(Zero[..39] + "1", sha, ["envs/prod/main.tf"]))).StatusCode);
        await NothingEnqueuedAsync();
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains($"Config of acme/infra@{sha[..7]} is broken", StringComparison.Ordinal) && l.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Config_named_yml_is_refused_with_the_fix()
    {
        _gateway.Git("rm", "-q", "--ignore-unmatch", "neptune.yaml"); // earlier commits left a good config behind
        var sha = _gateway.Commit(new Dictionary<string, string> { ["neptune.yml"] = Config, ["envs/prod/main.tf"] = $"# {Guid.NewGuid()}\n" });
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SendAsync("push", WebhookPayloads.Push(Zero[..39] + "1", sha, ["envs/prod/main.tf"]))).StatusCode);
        await NothingEnqueuedAsync();
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains(sha[..7], StringComparison.Ordinal) && l.Contains("rename the file to 'neptune.yaml'", StringComparison.Ordinal));
        _gateway.Git("rm", "-q", "neptune.yml");
    }

    [Fact]
    public async Task Push_that_modifies_no_root_deploys_nothing()
    {
        var sha = _gateway.Commit(new Dictionary<string, string> { ["neptune.yaml"] = Config, ["docs/readme.md"] = $"{Guid.NewGuid()}" });
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SendAsync("push", WebhookPayloads.Push(Zero[..39] + "1", sha, ["docs/readme.md"]))).StatusCode);
        await NothingEnqueuedAsync();
        Assert.Contains(_gateway.Logs.Lines, l => l.Contains(sha[..7], StringComparison.Ordinal) && l.Contains("modify no root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Root_whose_dir_is_missing_at_the_revision_is_skipped()
    {
        var sha = _gateway.Commit(new Dictionary<string, string>
        {
            ["neptune.yaml"] = "version: 3\nprojects:\n  - name: gone\n    dir: envs/gone\n    when_modified: [\"../../modules/**\"]\n",
            ["modules/net/main.tf"] = $"# {Guid.NewGuid()}\n",
        });
        Assert.Equal(HttpStatusCode.Accepted, (await _gateway.SendAsync("push", WebhookPayloads.Push(Zero[..39] + "1", sha, ["modules/net/main.tf"]))).StatusCode);
        await NothingEnqueuedAsync();
        Assert.True(_gateway.GitHub.RequestsTo("/contents/envs/gone") > 0, "The dir's existence was never asked.");
    }

    [Theory]
    [InlineData("acme/")]
    [InlineData("acme")]
    [InlineData("acme/infra/extra")]
    public async Task A_repository_name_that_is_not_owner_slash_name_is_refused_with_400_not_503(string fullName)
    {
        // Found by fuzzing: the allowlist 'acme/*' let these through, RepoRef.Parse threw, and the delivery was answered
        // 503 "redeliver" (and logged as an error) although redelivering can never help.
        var push = GoodPush();
        push["repository"]!["full_name"] = fullName;
        await RefusedAsync(await _gateway.SendAsync("push", push), HttpStatusCode.BadRequest, $"repository.full_name '{fullName}' is not 'owner/name'");
        Assert.DoesNotContain(_gateway.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("check_suite", "check_suite", "check_suite")]
    [InlineData("check_run", "check_run", "check_run")]
    [InlineData("check_run", "check_run.name", "check_run.name")]
    public async Task A_check_event_without_its_check_is_refused_with_400_not_503(string eventName, string member, string named)
    {
        // Found by fuzzing: a null check_suite (or check_run, or its name) was a NullReferenceException answered 503.
        var payload = eventName == "check_suite" ? WebhookPayloads.SuiteRerequested(new string('a', 40)) : WebhookPayloads.Rerequested("prod", new string('a', 40));
        var path = member.Split('.');
        (path.Length == 1 ? payload : payload[path[0]]!.AsObject())[path[^1]] = null;
        await RefusedAsync(await _gateway.SendAsync(eventName, payload), HttpStatusCode.BadRequest, $"payload has no '{named}'");
        Assert.DoesNotContain(_gateway.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_check_run_whose_date_is_not_a_date_is_400_not_500()
    {
        // Found by fuzzing: Octokit.Webhooks' date converter threw FormatException, which escaped the handler as a 500.
        var payload = WebhookPayloads.Rerequested("prod", new string('a', 40));
        payload["check_run"]!["started_at"] = "neptune/deploy: ../x";
        await RefusedAsync(await _gateway.SendAsync("check_run", payload), HttpStatusCode.BadRequest, "The check_run payload could not be read");
    }
}
