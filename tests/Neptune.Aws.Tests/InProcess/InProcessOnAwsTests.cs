using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Neptune.Audit;
using Neptune.Aws.S3;
using Neptune.Aws.Sns;
using Neptune.Aws.Tests.S3;
using Neptune.Aws.Tests.Sns;
using Neptune.CrashHost;
using Neptune.Hosting.InProcess.Tests;
using Neptune.Model;
using Neptune.Runs;

namespace Neptune.Aws.Tests.InProcess;

/// <summary>
/// The in-process host's standard scenario (real git, the terraform stand-in, the SQLite journal) with its stores
/// switched to S3 (a real s3rver) and its audit events to SNS (a local capturing endpoint).
/// </summary>
public sealed class InProcessOnAwsTests : IAsyncLifetime
{
    private readonly S3Server s3 = new();
    private readonly SnsCaptureEndpoint sns = new();
    private NeptuneHarness h = null!;
    private S3StoreOptions options = null!;

    public async Task InitializeAsync()
    {
        await s3.InitializeAsync();
        options = s3.Options(prefix: "neptune");
        h = await NeptuneHarness.StartAsync(Stores);
    }

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        sns.Dispose();
        await s3.DisposeAsync();
    }

    /// <summary>New adapters per (re)start, as a new process would have; the S3 client and SNS sink keep nothing across.</summary>
    private StoreOverrides Stores()
    {
        var client = s3.Client(options);
        return new StoreOverrides(
            new S3DeploymentStore(client, Options.Create(options)),
            new S3JobLogStore(client, Options.Create(options)),
            new SnsAuditSink(
                Options.Create(new SnsAuditOptions
                {
                    SnsTopicArn = "arn:aws:sns:us-east-1:123456789012:neptune-audit",
                    SnsServiceUrl = sns.Url,
                    SnsMaxAttempts = 2,
                    SnsInitialRetryDelay = TimeSpan.Zero,
                }),
                new BasicAWSCredentials("AKIDTEST", "secret")));
    }

    private Task<LatestDeployment?> LatestInS3() =>
        new S3DeploymentStore(s3.Client(options), Options.Create(options)).GetLatestAsync(NeptuneHarness.Target(), CancellationToken.None);

    private static (string Key, AuditEvent Event) Published(CapturedRequest r) =>
        (r.Field("MessageAttributes.entry.1.Value.StringValue")!, AuditEventJson.Deserialize(r.Field("Message")!));

    [Fact]
    public async Task Merge_revision_plans_applies_and_persists_its_latest_deployment_log_and_audit_events_on_AWS()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 2, lines: 50));

        var id = await h.AcceptAsync(h.Request(sha));
        var done = await h.FinishedAsync(id);

        Assert.Equal(RunOutcome.Succeeded, done.Result!.Outcome);
        Assert.Equal(ReviewStatus.AutoApproved, done.Run!.Review);
        Assert.Equal(2, done.Run.PlanReading!.Value.Summary!.Creations);
        Assert.Single(h.Lines(h.ApplyLog), l => l.EndsWith("result=ok", StringComparison.Ordinal) && l.Contains("added=2", StringComparison.Ordinal));

        var latest = await h.EventuallyAsync<LatestDeployment?>(LatestInS3, l => l is not null, "persisted the latest deployment to S3");
        Assert.Equal(sha, latest!.Revision);
        Assert.Null(h.Latest()); // nothing went to the file store

        var published = await h.EventuallyAsync(() => sns.Accepted.Select(Published).ToArray(), p => p.Length >= 2, "published two audit events");
        Assert.Equal(2, published.Length);
        Assert.Equal([AuditState.Running, AuditState.Success], published.Select(p => p.Event.State));
        Assert.Equal(published.Select(p => p.Event.IdempotencyKey), published.Select(p => p.Key));
        Assert.All(published, p => Assert.Equal(sha, p.Event.Revision));
        Assert.False(File.Exists(Path.Combine(h.DataDir, "audit.jsonl")));

        // The apply job's log is read back from S3 once the job is over.
        var applyJob = published[0].Event.Id;
        var lines = await h.EventuallyAsync<string?>(
            async () => await new S3JobLogStore(s3.Client(options), Options.Create(options)).OpenAsync(applyJob, CancellationToken.None) is { } s ? await new StreamReader(s).ReadToEndAsync() : null,
            text => text is not null,
            "stored the apply log in S3");
        var read = new List<string>();
        await foreach (var line in h.Neptune.ReadJobLogAsync(applyJob))
        {
            read.Add(line);
        }

        Assert.Contains(read, l => l.Contains("Apply complete!", StringComparison.Ordinal));
        Assert.Equal(lines!.TrimEnd('\n').Split('\n'), read);
    }

    [Fact]
    public async Task A_merged_pull_request_and_the_root_tags_reach_both_SNS_messages()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        var request = new RevisionRequest(
            NeptuneHarness.Target(), sha, "main", Trigger.Merge, "octocat", defaultBranch: "main",
            tags: new Dictionary<string, string> { ["environment"] = "prod", ["project"] = "platform" }, pullNumber: 17, rootDir: "production");

        await h.FinishedAsync(await h.AcceptAsync(request));

        var published = await h.EventuallyAsync(() => sns.Accepted.Select(Published).ToArray(), p => p.Length >= 2, "published two audit events");
        Assert.All(published, p => Assert.Equal((17, "prod", "platform", "octocat"), (p.Event.PullNumber, p.Event.Environment, p.Event.Project, p.Event.InitiatingUser)));
        Assert.All(sns.Accepted, r => Assert.Contains("\"pull_number\":17", r.Field("Message"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_host_reads_the_latest_deployment_from_S3_and_refuses_an_older_revision()
    {
        var older = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "older");
        var newer = h.Repo.CommitRoot("production", StandIn.Json(changes: 1), "newer");
        await h.FinishedAsync(await h.AcceptAsync(h.Request(newer)));
        await h.EventuallyAsync<LatestDeployment?>(LatestInS3, l => l?.Revision == newer, "persisted the newer revision to S3");

        await h.RestartAsync();
        var done = await h.FinishedAsync(await h.AcceptAsync(h.Request(older)));

        Assert.Equal(RunOutcome.ValidationFailed, done.Result!.Outcome);
        Assert.Equal(newer, (await LatestInS3())!.Revision);
    }

    [Fact]
    public async Task Audit_events_SNS_refused_are_delivered_from_the_journal_after_a_restart_once_each()
    {
        var down = true;
        sns.Respond = n => Volatile.Read(ref down)
            ? (HttpStatusCode.InternalServerError, SnsCaptureEndpoint.Error("Receiver", "InternalError", "down"))
            : (HttpStatusCode.OK, SnsCaptureEndpoint.Success(n));
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        await h.FinishedAsync(await h.AcceptAsync(h.Request(sha)));
        await h.EventuallyAsync(() => sns.Requests.Count, c => c >= 2, "tried to publish");
        Assert.Empty(sns.Accepted);

        await h.Neptune.DisposeAsync();
        Volatile.Write(ref down, false);
        await h.StartNeptuneAsync();

        var published = await h.EventuallyAsync(() => sns.Accepted.Select(Published).ToArray(), p => p.Length >= 2, "published both audit events after the restart");
        await Task.Delay(500);
        Assert.Equal([AuditState.Running, AuditState.Success], sns.Accepted.Select(r => Published(r).Event.State));
        Assert.Equal(2, published.Select(p => p.Key).Distinct().Count());
    }
}
