using System.Text;
using Neptune.Audit;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;

namespace Neptune.Hosting.InProcess.Tests.Stores;

/// <summary>The embedded default stores: files at the spec's layout, atomic writes, exactly-once audit lines.</summary>
public sealed class FileStoresTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("neptune-stores-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static readonly DeployTarget Target = new(new RepoRef("acme", "infra"), "production");

    private static LatestDeployment Latest(string sha) => LatestDeployment.From(new Deployment(
        Guid.Parse("0b4cd5c6-6f33-4f6e-9c55-0d1f0f4d7c11"),
        new RevisionRequest(Target, sha, "main", Trigger.Merge, "octocat"),
        new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task Latest_deployment_is_kept_at_the_spec_key_and_replaced_whole()
    {
        var store = new FileDeploymentStore(root);
        Assert.Null(await store.GetLatestAsync(Target, CancellationToken.None));

        await store.SaveLatestAsync(Latest(new string('a', 40)), CancellationToken.None);
        await store.SaveLatestAsync(Latest(new string('b', 40)), CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(root, "acme", "infra", "production", "deployment.json")));
        Assert.Equal(new string('b', 40), (await store.GetLatestAsync(Target, CancellationToken.None))!.Revision);
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Unreadable_latest_deployment_file_is_reported_with_its_path()
    {
        var path = Path.Combine(root, "acme", "infra", "production", "deployment.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{ half a docu");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new FileDeploymentStore(root).GetLatestAsync(Target, CancellationToken.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_log_round_trips_and_an_unknown_job_has_none()
    {
        var store = new FileJobLogStore(root);
        var job = Guid.NewGuid();

        await store.SaveAsync(job, new MemoryStream(Encoding.UTF8.GetBytes("one\ntwo\n")), CancellationToken.None);

        await using var stored = await store.OpenAsync(job, CancellationToken.None);
        Assert.Equal("one\ntwo\n", await new StreamReader(stored!).ReadToEndAsync());
        Assert.Null(await store.OpenAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Audit_event_delivered_again_after_a_crash_is_written_once_even_by_a_new_sink()
    {
        var path = Path.Combine(root, "audit.jsonl");
        var running = new AuditEvent { Id = Guid.NewGuid(), State = AuditState.Running, Revision = new string('a', 40), Repository = "acme/infra", InitiatingUser = "octocat", RootName = "production" };
        var success = running with { State = AuditState.Success };

        await new JsonLinesAuditSink(path).PublishAsync(running, CancellationToken.None);
        var afterRestart = new JsonLinesAuditSink(path);
        await afterRestart.PublishAsync(running, CancellationToken.None);
        await afterRestart.PublishAsync(success, CancellationToken.None);
        await afterRestart.PublishAsync(success, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal([AuditEventJson.Serialize(running), AuditEventJson.Serialize(success)], lines);
    }

    [Fact]
    public async Task Torn_last_audit_line_from_a_crash_does_not_stop_the_sink()
    {
        var path = Path.Combine(root, "audit.jsonl");
        await File.WriteAllTextAsync(path, "{\"version\":1,\"id\":\"7c9e66");
        var e = new AuditEvent { Id = Guid.NewGuid(), State = AuditState.Running, Revision = new string('a', 40), Repository = "acme/infra", InitiatingUser = "octocat", RootName = "production" };

        await new JsonLinesAuditSink(path).PublishAsync(e, CancellationToken.None);

        Assert.EndsWith(AuditEventJson.Serialize(e) + "\n", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }
}
