using System.Text;
using Neptune.Audit;
using Neptune.CheckRuns;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Tests.Support;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Snapshots;
using Temporalio.Testing;

namespace Neptune.Hosting.Temporal.Tests.Activities;

public sealed class DeployActivitiesTests
{
    private readonly MemoryDeploymentStore store = new();
    private readonly RecordingCheckRunPublisher publisher = new();
    private readonly RecordingAuditSink audit = new();

    [Fact]
    public async Task Reads_the_latest_deployment_as_json_or_null()
    {
        var activities = new DeployActivities(store, new FixedComparer(CompareDirection.Ahead), publisher, audit);
        var env = new ActivityEnvironment();
        Assert.Null(await env.RunAsync(() => activities.ReadLatestAsync(TestData.TargetId)));

        var latest = new LatestDeployment(TestData.PreviousId, TestData.Target, TestData.RevisionA, "main", Trigger.Manual);
        await store.SaveLatestAsync(latest, default);
        var json = await env.RunAsync(() => activities.ReadLatestAsync(TestData.TargetId));

        Assert.Equal(latest, LatestDeploymentJson.Deserialize(Encoding.UTF8.GetBytes(json!)));
    }

    [Fact]
    public async Task Compares_in_the_targets_repository()
    {
        var activities = new DeployActivities(store, new FixedComparer(CompareDirection.Diverged), publisher, audit);
        Assert.Equal(CompareDirection.Diverged, await new ActivityEnvironment().RunAsync(() => activities.CompareAsync(TestData.TargetId, TestData.RevisionA, TestData.RevisionB)));
    }

    [Fact]
    public async Task Delivers_in_order_and_returns_the_check_run_ids()
    {
        var activities = new DeployActivities(store, new FixedComparer(CompareDirection.Ahead), publisher, audit);
        var d = TestData.Deployment();
        var publication = new CheckRunPublication(d.Id, 2, CheckRunViews.CheckingOrder(d));
        var latest = LatestDeployment.From(d);
        var items = new List<DeliveryItem>
        {
            new() { Kind = DeliveryKind.CheckRun, Json = CheckRunPublicationJson.Serialize(publication) },
            new() { Kind = DeliveryKind.Audit, Json = AuditEventJson.Serialize(new AuditEvent { Id = d.ApplyJobId, State = AuditState.Running, Revision = d.Revision, Repository = "acme/infra", InitiatingUser = "octocat", RootName = "production" }) },
            new() { Kind = DeliveryKind.Latest, Json = Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(latest)) },
        };

        var published = await new ActivityEnvironment().RunAsync(() => activities.DeliverAsync(items));

        var only = Assert.Single(published);
        Assert.Equal((d.Id, 2), (only.DeploymentId, only.Generation));
        Assert.True(only.CheckRunId > int.MaxValue);
        Assert.Single(audit.Events);
        Assert.Equal((latest.Id, latest.Revision, latest.Trigger), (store.Latest[TestData.TargetId].Id, store.Latest[TestData.TargetId].Revision, store.Latest[TestData.TargetId].Trigger));
    }
}
