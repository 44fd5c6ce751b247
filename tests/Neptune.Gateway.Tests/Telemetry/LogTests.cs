using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.Gateway.Tests.Webhooks;
using Neptune.Model;

namespace Neptune.Gateway.Tests.Telemetry;

/// <summary>
/// Every log line of a real webhook flow, at every level and with its scopes: no secret appears in any of them, and the
/// lines about a deployment's jobs carry the target, deployment and job ids.
/// </summary>
public sealed class LogTests
{
    private static GitHubGateway Gateway(RecordedLogs logs, string webhookSecret, Action<IWebHostBuilder>? configure = null, string? token = "ghs_test_token") => new(
        b =>
        {
            b.UseSetting("Neptune:GitHub:WebhookSecret", webhookSecret);
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.ConfigureLogging(l => l.AddProvider(logs).AddFilter<RecordedLogs>(null, LogLevel.Trace));
            configure?.Invoke(b);
        },
        token);

    [Fact]
    public async Task No_log_line_or_scope_holds_the_webhook_secret_or_the_GitHub_token_even_when_calls_fail()
    {
        var logs = new RecordedLogs();
        var webhookSecret = "whsec-" + Guid.NewGuid().ToString("N");
        var token = "ghs_" + Guid.NewGuid().ToString("N");
        await using var gateway = Gateway(logs, webhookSecret, token: token);

        // A delivery signed with the wrong secret, GitHub failing twice (retried, logged), then a merge that deploys.
        var wrong = await gateway.SendAsync("push", WebhookPayloads.Push(new string('0', 40), new string('1', 40), ["x"]), secret: "not-" + webhookSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        gateway.GitHub.FailCheckRunCalls(2, 502);
        await PushFlow.MergeAsync(gateway, webhookSecret);

        var records = logs.Records;
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message.Contains("retrying", StringComparison.Ordinal)); // the failures were logged
        Assert.Contains(records, r => r.Level <= LogLevel.Debug); // the low levels were captured too
        AssertAbsent(records, webhookSecret, token, Basic(token));
    }

    [Fact]
    public async Task No_log_line_or_scope_holds_the_App_private_key_or_an_installation_token()
    {
        var logs = new RecordedLogs();
        var webhookSecret = "whsec-" + Guid.NewGuid().ToString("N");
        var installationToken = "ghs_inst_" + Guid.NewGuid().ToString("N");
        using var key = RSA.Create(2048);
        var pem = key.ExportRSAPrivateKeyPem();
        var keyPath = Path.Combine(Path.GetTempPath(), $"neptune-obs-key-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyPath, pem);
        try
        {
            await using var gateway = Gateway(
                logs,
                webhookSecret,
                b =>
                {
                    b.UseSetting("Neptune:GitHub:AppId", "4242");
                    b.UseSetting("Neptune:GitHub:PrivateKeyPath", keyPath);
                },
                token: null);
            StubApp(gateway.GitHub, installationToken);

            await PushFlow.MergeAsync(gateway, webhookSecret);

            Assert.Contains(gateway.GitHub.Server.LogEntries, e => e.RequestMessage?.Path?.EndsWith("/access_tokens", StringComparison.Ordinal) == true); // App auth was used
            var keyLines = pem.Split('\n').Where(l => l.Length > 40 && !l.StartsWith("-----", StringComparison.Ordinal)).ToArray();
            AssertAbsent(logs.Records, [webhookSecret, installationToken, Basic(installationToken), .. keyLines]);
        }
        finally
        {
            File.Delete(keyPath);
        }
    }

    [Fact]
    public async Task Lines_about_a_job_carry_its_target_deployment_and_job_ids()
    {
        var logs = new RecordedLogs();
        await using var gateway = Gateway(logs, GitHubGateway.Secret);

        var (deliveryId, id) = await PushFlow.MergeAsync(gateway);

        foreach (var (what, jobId) in new[] { ("plan", JobIds.Derive(id, 1)), ("apply", JobIds.Derive(id, 2)) })
        {
            var finished = Assert.Single(logs.Records, r => r.Message.StartsWith($"The {what} of ", StringComparison.Ordinal) && r.Value("DeploymentId") == id.ToString());
            Assert.Equal(PushFlow.Prod.Id, finished.Value("TargetId"));
            Assert.Equal(jobId.ToString(), finished.Value("JobId"));
        }

        var done = Assert.Single(logs.Records, r => r.Message.StartsWith($"Deployment {id} ", StringComparison.Ordinal));
        Assert.Equal(PushFlow.Prod.Id, done.Value("TargetId"));
        var requested = Assert.Single(logs.Records, r => r.Message.StartsWith("Requested ", StringComparison.Ordinal) && r.Message.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Equal(deliveryId, requested.Value("DeliveryId"));

        // Scopes do not leak across work: nothing logged about this deployment names another delivery.
        Assert.All(logs.Records.Where(r => r.Value("DeploymentId") == id.ToString()), r => Assert.True(r.Value("DeliveryId") is null || r.Value("DeliveryId") == deliveryId));
    }

    private static string Basic(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));

    private static void AssertAbsent(IReadOnlyList<LogRecord> records, params string[] secrets)
    {
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = record.AllText;
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret was logged by {record.Category} ({record.Level}): {record.Message}");
            }
        }
    }

    private static void StubApp(RepoBackedGitHub github, string token)
    {
        var api = RepoBackedGitHub.ApiPath;
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{api}/repos/{github.Owner}/{github.Name}/installation").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":77,"app_id":4242,"target_type":"Organization","account":{"login":"acme","id":1}}"""));
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"{api}/app/installations/77/access_tokens").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"token":"{{token}}","expires_at":"{{expires}}","permissions":{"checks":"write","contents":"read"},"repository_selection":"all"}"""));
    }
}
