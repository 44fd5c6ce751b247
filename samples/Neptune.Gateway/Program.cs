using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.GitHub;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Hosting.Temporal;
using Neptune.Ports;

// The sample gateway: composes the packages, nothing more. Settings: appsettings.json, Neptune__* env vars, --key=value.
// appsettings.json comes from the build output, so `dotnet run --project samples/Neptune.Gateway` works from any folder;
// relative paths such as Neptune:DataDir stay relative to the folder it is started in.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddNeptune(n =>
{
    // GitHub (webhooks in, check runs out) when configured; otherwise check runs stay local and the dashboard reviews.
    if (builder.Configuration.GetSection(GitHubOptions.SectionName).Exists())
    {
        n.UseGitHub();
    }

    // Neptune:Host picks the host (design.md §5): InProcess (default) or Temporal (Neptune:Temporal:*).
    var host = builder.Configuration["Neptune:Host"] ?? "InProcess";
    if (string.Equals(host, "Temporal", StringComparison.OrdinalIgnoreCase))
    {
        // One-machine setup (temporal server start-dev): the local file stores under Neptune:DataDir stand in for
        // shared ones; with workers on several machines register S3 stores instead.
        var dataDir = Path.GetFullPath(builder.Configuration["Neptune:DataDir"] ?? "./.neptune");
        builder.Services.AddSingleton<IDeploymentStore>(new FileDeploymentStore(Path.Combine(dataDir, "store")));
        builder.Services.AddSingleton<IJobLogStore>(new FileJobLogStore(Path.Combine(dataDir, "logs")));
        builder.Services.AddSingleton<IAuditSink>(new JsonLinesAuditSink(builder.Configuration["Neptune:Audit:FilePath"] ?? Path.Combine(dataDir, "audit.jsonl")));
        builder.Services.TryAddSingleton<ICheckRunPublisher, LocalCheckRunPublisher>();
        n.UseTemporal(t => builder.Configuration.GetSection(TemporalOptions.SectionName).Bind(t));
    }
    else if (string.Equals(host, "InProcess", StringComparison.OrdinalIgnoreCase))
    {
        n.UseInProcess();
    }
    else
    {
        throw new InvalidOperationException($"Neptune:Host is '{host}'; set InProcess (the default) or Temporal.");
    }
});
builder.Services.AddNeptuneGateway();

var app = builder.Build();
app.MapNeptuneGateway();
app.Run();

/// <summary>The gateway program (public for integration tests).</summary>
public partial class Program;
