// The crash tests' child process: a real in-process Neptune (real time, git, stand-in terraform, SQLite)
// driven line by line over stdin, so the test can kill it with SIGKILL at any moment and start it again.
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.Git;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;
using Neptune.Terraform;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CrashHost <root> <terraform>");
    return 2;
}

var (root, terraformPath) = (args[0], args[1]);
var dataDir = Path.Combine(root, "data");
var options = new InProcessOptions { DataDir = dataDir };
options.RootEnvironment["NEPTUNE_STANDIN_APPLY_LOG"] = Path.Combine(root, "applies.log");
options.RootEnvironment["NEPTUNE_STANDIN_APPLY_STARTS"] = Path.Combine(root, "apply-starts.log");
var git = Options.Create(new GitOptions { CloneUrl = Path.Combine(root, "repos", "{owner}", "{repo}") });
var terraform = Options.Create(new TerraformOptions { Path = terraformPath, PluginCacheDir = Path.Combine(dataDir, "plugin-cache") });
Directory.CreateDirectory(terraform.Value.PluginCacheDir!);
var time = TimeProvider.System;
await using var neptune = new InProcessNeptune(
    options,
    new InProcessPorts
    {
        CommitComparer = new LocalCommitComparer(git, NullLogger<LocalCommitComparer>.Instance, time),
        SourceFetcher = new GitSourceFetcher(git, NullLogger<GitSourceFetcher>.Instance, time),
        Terraform = new TerraformCliExecutor(terraform, NullLogger<TerraformCliExecutor>.Instance, time),
        DeploymentStore = new FileDeploymentStore(options.StoreDir),
        JobLogStore = new FileJobLogStore(Path.Combine(dataDir, "logs")),
        CheckRunPublisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance),
        AuditSink = new JsonLinesAuditSink(options.AuditPath),
    },
    time);
await neptune.StartAsync();
Console.WriteLine("ready");

while (Console.ReadLine() is { } line)
{
    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    try
    {
        switch (words)
        {
            case ["request", var rootName, var sha, var trigger]:
                var request = new RevisionRequest(new DeployTarget(new RepoRef("acme", "infra"), rootName), sha, "main", Enum.Parse<Trigger>(trigger), "octocat", rootDir: rootName);
                var receipt = await neptune.RequestRevisionAsync(request);
                Console.WriteLine(receipt.Accepted ? $"accepted {receipt.DeploymentId}" : $"dropped {receipt.DroppedReason}");
                break;
            case ["status", var id]:
                var d = await neptune.GetDeploymentAsync(Guid.Parse(id));
                Console.WriteLine($"status {d.Stage} {d.Result?.Outcome.ToString() ?? "-"} {d.Run?.PlanAttempts ?? 0} {d.Result?.Message ?? string.Empty}".TrimEnd());
                break;
            case ["target", var rootName]:
                var t = await neptune.GetTargetAsync(new DeployTarget(new RepoRef("acme", "infra"), rootName));
                Console.WriteLine($"target {t.Current?.Deployment.Id.ToString() ?? "-"} {string.Join(',', t.Merge.Select(m => m.Deployment.Id))}".TrimEnd());
                break;
            default:
                Console.WriteLine($"error unknown command: {line}");
                break;
        }
    }
    catch (Exception e) when (e is NeptuneNotFoundException or NeptuneRejectedException or ArgumentException or FormatException)
    {
        Console.WriteLine($"error {e.Message}");
    }
}

return 0;
