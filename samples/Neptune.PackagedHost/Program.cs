using Neptune.Client;

// Neptune from its NuGet packages: the in-process host, fed by local repositories (local mode). Settings as in the
// README, e.g. --Neptune:Local:Repos:0:Path=/path/to/repo --Neptune:DataDir=/tmp/neptune.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddNeptune(n => n.UseLocalRepos().UseInProcess());

var app = builder.Build();
app.MapGet("/targets", (INeptuneClient neptune, CancellationToken cancellationToken) => neptune.GetTargetsAsync(cancellationToken));
app.Run();
