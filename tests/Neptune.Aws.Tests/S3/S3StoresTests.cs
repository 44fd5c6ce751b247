using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Aws.S3;
using Neptune.Aws.Tests.Support;
using Neptune.Model;

namespace Neptune.Aws.Tests.S3;

/// <summary>The S3 stores against a real S3-compatible server (s3rver) started for each test.</summary>
public sealed class S3StoresTests : IAsyncLifetime
{
    private static readonly DeployTarget Target = new(new RepoRef("acme", "infra"), "production");
    private readonly S3Server server = new();

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    private static LatestDeployment Latest(string sha, DeployTarget? target = null) => LatestDeployment.From(new Deployment(
        Guid.Parse("0b4cd5c6-6f33-4f6e-9c55-0d1f0f4d7c11"),
        new RevisionRequest(target ?? Target, sha, "main", Trigger.Merge, "octocat"),
        new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)));

    private (S3DeploymentStore Deployments, S3JobLogStore Logs, IAmazonS3 Client) Stores(S3StoreOptions options, TimeProvider? time = null, CapturingLogger<S3JobLogStore>? logLogger = null, CapturingLogger<S3DeploymentStore>? deploymentLogger = null)
    {
        var client = server.Client(options);
        return (new S3DeploymentStore(client, Options.Create(options), time, deploymentLogger), new S3JobLogStore(client, Options.Create(options), time, logLogger), client);
    }

    private async Task<string?> ObjectTextAsync(IAmazonS3 client, string key)
    {
        try
        {
            using var response = await client.GetObjectAsync(S3Server.Bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    [Fact]
    public async Task Latest_deployment_round_trips_at_the_spec_key_and_is_replaced_whole()
    {
        var (store, _, client) = Stores(server.Options(prefix: "neptune/deployments"));

        await store.SaveLatestAsync(Latest(new string('a', 40)), CancellationToken.None);
        await store.SaveLatestAsync(Latest(new string('b', 40)), CancellationToken.None);

        var read = await store.GetLatestAsync(Target, CancellationToken.None);
        Assert.Equal(LatestDeploymentJson.Serialize(Latest(new string('b', 40))), LatestDeploymentJson.Serialize(read!));
        var stored = await ObjectTextAsync(client, "neptune/deployments/acme/infra/production/deployment.json");
        Assert.Equal(Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(Latest(new string('b', 40)))), stored);
    }

    [Fact]
    public async Task A_target_never_deployed_has_no_latest_deployment_and_an_unknown_job_no_log()
    {
        var (deployments, logs, _) = Stores(server.Options());

        Assert.Null(await deployments.GetLatestAsync(Target, CancellationToken.None));
        Assert.Null(await logs.OpenAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_not_a_first_deployment()
    {
        var options = server.Options(maxAttempts: 2);
        options.Bucket = "no-such-bucket";
        var (deployments, _, _) = Stores(options);

        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => deployments.GetLatestAsync(Target, CancellationToken.None));

        Assert.Equal("NoSuchBucket", e.ErrorCode);
    }

    [Theory]
    [InlineData(null, "acme/infra/production/deployment.json")]
    [InlineData("", "acme/infra/production/deployment.json")]
    [InlineData("/", "acme/infra/production/deployment.json")]
    [InlineData("neptune", "neptune/acme/infra/production/deployment.json")]
    [InlineData("/neptune/prod/", "neptune/prod/acme/infra/production/deployment.json")]
    public async Task Deployment_keys_follow_the_prefix_rules(string? prefix, string key)
    {
        var (store, _, client) = Stores(server.Options(prefix));

        await store.SaveLatestAsync(Latest(new string('c', 40)), CancellationToken.None);

        Assert.Equal(key, store.KeyOf(Target));
        Assert.NotNull(await ObjectTextAsync(client, key));
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("", null, "")]
    [InlineData("neptune", null, "neptune/")]
    [InlineData("neptune", "logs/jobs", "logs/jobs/")]
    [InlineData("neptune", "", "")]
    public async Task Job_log_keys_follow_the_prefix_rules(string? prefix, string? jobLogPrefix, string keyPrefix)
    {
        var options = server.Options(prefix);
        options.JobLogPrefix = jobLogPrefix;
        var (_, logs, client) = Stores(options);
        var job = Guid.NewGuid();

        await logs.SaveAsync(job, new MemoryStream(Encoding.UTF8.GetBytes("one\n")), CancellationToken.None);

        Assert.Equal(keyPrefix + job, logs.KeyOf(job));
        Assert.Equal("one\n", await ObjectTextAsync(client, keyPrefix + job));
    }

    [Fact]
    public async Task Job_log_round_trips_from_a_seekable_and_a_forward_only_stream()
    {
        var (_, logs, _) = Stores(server.Options("neptune"));
        var seekable = Guid.NewGuid();
        var forwardOnly = Guid.NewGuid();
        var partlyRead = new MemoryStream(Encoding.UTF8.GetBytes("skipped\none\ntwo\n")) { Position = 8 };

        await logs.SaveAsync(seekable, partlyRead, CancellationToken.None);
        await using (var generated = new GeneratedLog(1000))
        {
            await logs.SaveAsync(forwardOnly, generated, CancellationToken.None);
        }

        await using var first = await logs.OpenAsync(seekable, CancellationToken.None);
        Assert.Equal("one\ntwo\n", await new StreamReader(first!).ReadToEndAsync());
        await using var second = await logs.OpenAsync(forwardOnly, CancellationToken.None);
        Assert.Equal(1000, (await new StreamReader(second!).ReadToEndAsync()).Length);
    }

    [Fact]
    public async Task An_unreadable_record_is_reported_with_its_object_key()
    {
        var (store, _, client) = Stores(server.Options("neptune"));
        await client.PutObjectAsync(new PutObjectRequest { BucketName = S3Server.Bucket, Key = "neptune/acme/infra/production/deployment.json", ContentBody = "{ half a docu", UseChunkEncoding = false });

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetLatestAsync(Target, CancellationToken.None));

        Assert.Contains("s3://neptune-test/neptune/acme/infra/production/deployment.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_stopped_mid_test_is_retried_until_it_returns()
    {
        var options = server.Options("neptune", maxAttempts: 40, initialDelay: TimeSpan.FromMilliseconds(100));
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(250);
        var deploymentLogger = new CapturingLogger<S3DeploymentStore>();
        var logLogger = new CapturingLogger<S3JobLogStore>();
        var (deployments, logs, _) = Stores(options, deploymentLogger: deploymentLogger, logLogger: logLogger);
        await deployments.SaveLatestAsync(Latest(new string('a', 40)), CancellationToken.None);

        await server.StopAsync();
        var watch = Stopwatch.StartNew();
        var save = deployments.SaveLatestAsync(Latest(new string('b', 40)), CancellationToken.None);
        var job = Guid.NewGuid();
        var saveLog = logs.SaveAsync(job, new GeneratedLog(100_000), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(save.IsCompleted, "The save finished while the server was down.");
        await server.RestartAsync();
        await Task.WhenAll(save, saveLog).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new string('b', 40), (await deployments.GetLatestAsync(Target, CancellationToken.None))!.Revision);
        await using var stored = await logs.OpenAsync(job, CancellationToken.None);
        Assert.Equal(100_000, (await new StreamReader(stored!).ReadToEndAsync()).Length);
        Assert.True(deploymentLogger.Count(LogLevel.Warning) >= 2, "The deployment save was not retried.");
        Assert.True(logLogger.Count(LogLevel.Warning) >= 2, "The job log save was not retried.");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Errors_are_surfaced_after_the_configured_attempts_with_backoff_on_the_injected_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var options = server.Options("neptune", maxAttempts: 3, initialDelay: TimeSpan.FromSeconds(10));
        options.MaxRetryDelay = TimeSpan.FromMinutes(1);
        var logger = new CapturingLogger<S3DeploymentStore>();
        var (deployments, _, _) = Stores(options, time, deploymentLogger: logger);
        await server.StopAsync();

        var read = deployments.GetLatestAsync(Target, CancellationToken.None);
        await WaitUntilAsync(() => logger.Count(LogLevel.Warning) == 1);
        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200);
        Assert.Equal(1, logger.Count(LogLevel.Warning));
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => logger.Count(LogLevel.Warning) == 2);
        time.Advance(TimeSpan.FromSeconds(20));

        var e = await Assert.ThrowsAnyAsync<Exception>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.IsNotType<TimeoutException>(e);
        Assert.Contains(logger.Entries, entry => entry.Message.Contains("attempt 2 of 3", StringComparison.Ordinal) && entry.Message.Contains("00:00:20", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(20);
        }
    }
}
