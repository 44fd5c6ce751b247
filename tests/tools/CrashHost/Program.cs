// The crash tests' child process: a real in-process Neptune (real time, git, stand-in terraform, SQLite)
// driven line by line over stdin, so the test can kill it with SIGKILL at any moment and start it again.
using Neptune.Client;
using Neptune.CrashHost;
using Neptune.Model;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CrashHost <root> <terraform>");
    return 2;
}

var (neptune, _) = LocalNeptune.Create(args[0], args[1], TimeProvider.System);
await using var owned = neptune;
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
