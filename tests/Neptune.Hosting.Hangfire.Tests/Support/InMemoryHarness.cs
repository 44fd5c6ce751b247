using Hangfire.InMemory;

namespace Neptune.Hosting.Hangfire.Tests.Support;

/// <summary>A harness over Hangfire.InMemory with no server: tests call the job handlers themselves.</summary>
internal static class InMemoryHarness
{
    public static Task<HangfireHarness> StartAsync() => HangfireHarness.StartAsync(new InMemoryStorage(), runNode: false);

    /// <summary>A second node on the same storage that never heartbeats: it is taken for dead.</summary>
    public static HangfireNeptune DeadNode(HangfireHarness h) =>
        new(h.Storage, new HangfireOptions { DataDir = h.DataDir, NodeName = "dead_node", RootEnvironment = { ["NEPTUNE_STANDIN_APPLY_LOG"] = h.ApplyLog } }, h.Ports(), h.Time);

    public static long Enqueued(HangfireHarness h, string queue) => h.Storage.GetMonitoringApi().EnqueuedCount(queue);
}
