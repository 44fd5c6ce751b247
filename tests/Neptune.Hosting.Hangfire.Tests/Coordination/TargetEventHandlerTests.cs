using Neptune.Deploy;
using Neptune.Hosting.Hangfire.Coordination;
using Neptune.Hosting.Hangfire.Storage;
using Neptune.Hosting.Hangfire.Tests.Support;
using Neptune.Model;

namespace Neptune.Hosting.Hangfire.Tests.Coordination;

/// <summary>The event handler on Hangfire.InMemory: all or nothing, once per event id.</summary>
public sealed class TargetEventHandlerTests : IAsyncLifetime
{
    private HangfireHarness h = null!;

    public async Task InitializeAsync() => h = await InMemoryHarness.StartAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task A_crash_after_deciding_and_before_the_commit_leaves_the_old_state_and_no_job()
    {
        var first = await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var before = State();
        var jobs = InMemoryHarness.Enqueued(h, h.Options.SharedQueue);

        var crash = await Assert.ThrowsAsync<IOException>(() => h.Neptune.Runtime.Events.HandleAsync(HangfireHarness.Target(), "crashing", d =>
        {
            d.Decide(new RevisionRequested { At = d.Now, DeploymentId = Guid.NewGuid(), Request = h.Request(new string('a', 40)) });
            throw new IOException("the process died here");
        }, CancellationToken.None));

        Assert.Equal("the process died here", crash.Message);
        Assert.Equal(before, State());
        Assert.Equal(jobs, InMemoryHarness.Enqueued(h, h.Options.SharedQueue));
        Assert.Equal(first, (await h.Neptune.GetTargetAsync(HangfireHarness.Target())).Current!.Deployment.Id);
    }

    [Fact]
    public async Task An_event_id_already_handled_changes_nothing()
    {
        var sha = h.Repo.CommitRoot("production", StandIn.Json(changes: 1));
        await h.AcceptAsync(h.Request(sha));
        string? Queue(TargetDecision d) => d.Decide(new RevisionRequested { At = d.Now, DeploymentId = Guid.NewGuid(), Request = h.Request(sha) });

        Assert.Null(await h.Neptune.Runtime.Events.HandleAsync(HangfireHarness.Target(), "same-id", Queue, CancellationToken.None));
        var once = State();
        Assert.Null(await h.Neptune.Runtime.Events.HandleAsync(HangfireHarness.Target(), "same-id", Queue, CancellationToken.None));

        Assert.Equal(once, State());
        Assert.Single((await h.Neptune.GetTargetAsync(HangfireHarness.Target())).Merge);
    }

    [Fact]
    public async Task A_refused_event_saves_nothing_and_returns_the_reason()
    {
        await h.AcceptAsync(h.Request(h.Repo.CommitRoot("production", StandIn.Json(changes: 1))));
        var before = State();

        var refused = await h.Neptune.Runtime.Events.HandleAsync(HangfireHarness.Target(), "unlock-1", d => d.Decide(new UnlockRequested { At = d.Now, User = "dana" }), CancellationToken.None);

        Assert.Contains("not locked", refused, StringComparison.Ordinal);
        Assert.Equal(before, State());
    }

    private string State()
    {
        using var connection = h.Storage.GetConnection();
        return connection.GetAllEntriesFromHash(StorageKeys.Target(HangfireHarness.Target()))!["state"];
    }
}
