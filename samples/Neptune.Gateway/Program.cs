using Neptune.GitHub;
using Neptune.Local;

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

    // Local mode: new commits of git repositories on this machine deploy as merges (either this or GitHub, not both).
    if (builder.Configuration.GetSection(LocalRepoOptions.SectionName).Exists())
    {
        n.UseLocalRepos();
    }

    // Neptune:Host: InProcess (default) or Temporal (Neptune:Temporal:*).
    n.UseConfiguredHost(builder.Configuration);
});
builder.Services.AddNeptuneGateway();

// Neptune:Telemetry:Exporter: Console (default), Otlp or None; see docs/observability.md.
builder.AddGatewayTelemetry();

var app = builder.Build();
app.MapNeptuneGateway();
app.Run();

/// <summary>The gateway program (public for integration tests).</summary>
public partial class Program;
