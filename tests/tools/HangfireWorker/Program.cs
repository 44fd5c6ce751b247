// A Hangfire worker node for the multi-node tests: real PostgreSQL storage, instant terraform, killed with SIGKILL.
// usage: HangfireWorker <connection string> <shared root> <node name> <step delay ms>
using System.Globalization;
using Neptune.HangfireWorker;
using Neptune.Hosting.Hangfire;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: HangfireWorker <connection string> <shared root> <node name> <step delay ms>");
    return 2;
}

var (connectionString, root, node) = (args[0], args[1], args[2]);
var delay = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture));
var options = new HangfireOptions
{
    DataDir = Path.Combine(root, "nodes", node),
    NodeName = node,
    WorkerCount = 8,
    HeartbeatInterval = TimeSpan.FromMilliseconds(500),
    NodeTimeout = TimeSpan.FromSeconds(3),
    LockTimeout = TimeSpan.FromSeconds(30),
    SchedulePollingInterval = TimeSpan.FromSeconds(1),
};
var neptune = new HangfireNeptune(PostgresStorage.Create(connectionString, prepareSchema: false), options, InstantPorts.Create(root, node, delay));
using var worker = new HangfireNeptuneNode(neptune);
await worker.StartAsync(CancellationToken.None);
Console.WriteLine("ready");
while (Console.ReadLine() is { } line && line != "stop")
{
}

await worker.StopAsync(CancellationToken.None);
return 0;
