using Microsoft.Extensions.Logging.Abstractions;
using Neptune.CheckRuns;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;

namespace Neptune.Hosting.InProcess.Tests.Stores;

public sealed class LocalCheckRunPublisherTests
{
    private static readonly Deployment Deployment = new(
        Guid.Parse("3d1c9a52-7c44-4f0e-8d9b-5f7c2a1e6b30"),
        new RevisionRequest(new DeployTarget(new RepoRef("acme", "infra"), "production"), new string('a', 40), "main", Trigger.Merge, "octocat"),
        new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private static CheckRunPublication Publication(Guid id, int generation) =>
        new(id, generation, CheckRunViews.Queued(Deployment, []) with { DeploymentId = id });

    [Fact]
    public async Task Same_deployment_and_generation_keeps_its_id_and_a_new_generation_gets_another()
    {
        var publisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance);

        var first = await publisher.PublishAsync(Publication(Deployment.Id, 1), CancellationToken.None);
        var update = await publisher.PublishAsync(Publication(Deployment.Id, 1) with { ExistingCheckRunId = first }, CancellationToken.None);
        var next = await publisher.PublishAsync(Publication(Deployment.Id, 2), CancellationToken.None);

        Assert.True(first > 0);
        Assert.Equal(first, update);
        Assert.NotEqual(first, next);
        Assert.Equal(next, publisher.Latest(Deployment.Id)!.ExistingCheckRunId);
    }

    [Fact]
    public async Task Only_the_most_recent_deployments_are_kept()
    {
        var publisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance);
        var ids = Enumerable.Range(1, LocalCheckRunPublisher.Capacity + 5).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();

        foreach (var id in ids)
        {
            await publisher.PublishAsync(Publication(id, 1), CancellationToken.None);
        }

        Assert.Null(publisher.Latest(ids[0]));
        Assert.Null(publisher.Latest(ids[4]));
        Assert.NotNull(publisher.Latest(ids[5]));
        Assert.NotNull(publisher.Latest(ids[^1]));
    }
}
