using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Hosting.Temporal.Activities;
using Neptune.Hosting.Temporal.Payloads;
using Neptune.Hosting.Temporal.Tests.Support;
using Neptune.Model;
using Neptune.Ports;
using Neptune.Terraform;

namespace Neptune.Hosting.Temporal.Tests.Activities;

/// <summary>A terraform worker over a temp data dir, the real CLI executor and the terraform stand-in.</summary>
internal sealed class TerraformWorkerFixture : IDisposable
{
    public TerraformWorkerFixture(ISourceFetcher? fetcher = null, string? standinJson = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "neptune-temporal-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(DataDir);
        Worker = new TerraformWorker("terraform-test-host", DataDir) { HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
        var options = Options.Create(new TerraformOptions
        {
            Path = RepoPaths.Terraform,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            CancellationGracePeriod = TimeSpan.FromSeconds(2),
        });
        Executor = new TerraformCliExecutor(options, NullLogger<TerraformCliExecutor>.Instance, TimeProvider.System);
        Activities = new TerraformActivities(Worker, fetcher ?? new FileWritingFetcher(standinJson ?? StandIn.Json(changes: 1)), Executor, Logs, NullLogger<TerraformActivities>.Instance);
        Deployment = TestData.Deployment();
    }

    public string DataDir { get; }

    public TerraformWorker Worker { get; }

    public TerraformCliExecutor Executor { get; }

    public MemoryJobLogStore Logs { get; } = new();

    public TerraformActivities Activities { get; }

    public Deployment Deployment { get; }

    public StepInput Plan => new() { Deployment = DeploymentPayload.From(Deployment), JobId = Deployment.PlanJobId };

    public StepInput Apply => new() { Deployment = DeploymentPayload.From(Deployment), JobId = Deployment.ApplyJobId };

    public string Checkout => Path.Combine(Worker.DeploymentDir(Deployment.Id), "repo");

    /// <summary>Writes the root into the workspace without git, as a finished fetch would.</summary>
    public void WriteRoot(string standinJson)
    {
        Directory.CreateDirectory(Checkout);
        File.WriteAllText(Path.Combine(Checkout, "main.tf"), "resource \"null_resource\" \"x\" {}\n");
        File.WriteAllText(Path.Combine(Checkout, ".standin.json"), standinJson);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
