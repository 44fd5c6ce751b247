using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Neptune.Client;
using Neptune.Hosting.Temporal.Tests.Support;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Runs;
using Neptune.Terraform;

namespace Neptune.Hosting.Temporal.Tests.Live;

/// <summary>
/// Gateway → deploy workflow → terraform run workflow → stand-in terraform, against a real Temporal server. One test
/// (so a missing server prints one skip line): a merge is applied automatically, then a manual deploy waits for review
/// and is applied once confirmed.
/// </summary>
public sealed class LiveEndToEndTests
{
    [LiveTemporalFact]
    public async Task Gateway_to_workflows_to_terraform()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var dataDir = Directory.CreateTempSubdirectory("neptune-live-").FullName;
        var builder = Host.CreateApplicationBuilder();
        var publisher = new RecordingCheckRunPublisher();
        builder.Services.AddSingleton<IDeploymentStore>(new MemoryDeploymentStore());
        builder.Services.AddSingleton<IJobLogStore>(new MemoryJobLogStore());
        builder.Services.AddSingleton<ICheckRunPublisher>(publisher);
        builder.Services.AddSingleton<IAuditSink>(new RecordingAuditSink());
        builder.Services.AddSingleton<ICommitComparer>(new FixedComparer(CompareDirection.Ahead));
        builder.Services.AddSingleton<ISourceFetcher>(new FileWritingFetcher(StandIn.Json(changes: 2)));
        builder.Services.Configure<TerraformOptions>(t => t.Path = RepoPaths.Terraform);
        builder.Services.AddNeptune(n => n.UseTemporal(t =>
        {
            t.Address = LiveTemporalFactAttribute.Address!;
            t.TaskQueue = $"deploy-{suffix}";
            t.TerraformTaskQueue = $"terraform-{suffix}";
            t.DataDir = dataDir;
        }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<INeptuneClient>();
            var target = new DeployTarget(new RepoRef("acme", $"infra-{suffix}"), "production");

            var merge = await client.RequestRevisionAsync(new RevisionRequest(target, TestData.RevisionA, "main", Trigger.Merge, "octocat"));
            var merged = await WaitAsync(client, merge.DeploymentId!.Value, s => s.Stage == DeploymentStage.Finished);
            Assert.Equal(RunOutcome.Succeeded, merged.Result!.Outcome);

            var manual = await client.RequestRevisionAsync(new RevisionRequest(target, TestData.RevisionB, "main", Trigger.Manual, "alice"));
            await WaitAsync(client, manual.DeploymentId!.Value, s => s.Stage == DeploymentStage.AwaitingReview);
            await client.ReviewAsync(manual.DeploymentId.Value, ReviewDecision.Confirm, "bob");
            var confirmed = await WaitAsync(client, manual.DeploymentId.Value, s => s.Stage == DeploymentStage.Finished);
            Assert.Equal(RunOutcome.Succeeded, confirmed.Result!.Outcome);

            var status = await client.GetTargetAsync(target);
            Assert.True(status.Lock.IsLocked);
            Assert.Equal(TestData.RevisionB, status.Latest!.Revision);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<DeploymentStatus> WaitAsync(INeptuneClient client, Guid deploymentId, Func<DeploymentStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                var status = await client.GetDeploymentAsync(deploymentId);
                if (condition(status))
                {
                    return status;
                }
            }
            catch (NeptuneNotFoundException)
            {
                // The run has not started yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"deployment {deploymentId} did not get there in 2 minutes");
            await Task.Delay(250);
        }
    }
}
