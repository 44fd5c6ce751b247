using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Hosting.Hangfire;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Model;
using Neptune.Ports;

namespace Neptune.HangfireWorker;

/// <summary>
/// Ports for throughput and crash tests: revisions are numbers (<c>{n:x40}</c>), compared numerically; fetch makes an
/// empty root; terraform is instant (or sleeps a little) and appends every apply start and end to files under the
/// shared root, so a test can count applies per deployment across processes. Stores are files under the shared root.
/// </summary>
public static partial class InstantPorts
{
    public static string Revision(int n) => n.ToString("x40", CultureInfo.InvariantCulture);

    public static HangfirePorts Create(string root, string node, TimeSpan stepDelay) => new()
    {
        CommitComparer = new NumberedComparer(),
        SourceFetcher = new EmptyRootFetcher(),
        Terraform = new InstantTerraform(root, node, stepDelay),
        DeploymentStore = new FileDeploymentStore(Path.Combine(root, "store")),
        JobLogStore = new FileJobLogStore(Path.Combine(root, "logs")),
        CheckRunPublisher = new LocalCheckRunPublisher(NullLogger<LocalCheckRunPublisher>.Instance),
        AuditSink = new JsonLinesAuditSink(Path.Combine(root, "audit-" + node + ".jsonl")),
    };

    public static string ApplyStarts(string root) => Path.Combine(root, "apply-starts.log");

    public static string Applies(string root) => Path.Combine(root, "applies.log");

    /// <summary>The lines of an apply record file; waits while a worker holds it to append.</summary>
    public static string[] ReadRecords(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllLines(path) : [];
            }
            catch (IOException) when (attempt < 1000)
            {
                Thread.Sleep(2);
            }
        }
    }

    private sealed class NumberedComparer : ICommitComparer
    {
        public Task<CompareDirection> CompareAsync(RepoRef repo, string baseRevision, string headRevision, CancellationToken cancellationToken)
        {
            var b = long.Parse(baseRevision, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var h = long.Parse(headRevision, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return Task.FromResult(h > b ? CompareDirection.Ahead : h == b ? CompareDirection.Identical : CompareDirection.Behind);
        }
    }

    private sealed class EmptyRootFetcher : ISourceFetcher
    {
        public Task FetchAsync(RepoRef repo, string revision, string destination, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(destination);
            File.WriteAllText(Path.Combine(destination, "REVISION"), revision);
            return Task.CompletedTask;
        }
    }

    private sealed partial class InstantTerraform(string root, string node, TimeSpan delay) : ITerraformExecutor
    {
        private const string ShowJson = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"null_resource.a\",\"mode\":\"managed\",\"type\":\"null_resource\",\"name\":\"a\",\"change\":{\"actions\":[\"create\"]}}]}";

        public Task InitAsync(TerraformContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task PlanAsync(TerraformContext context, string planFile, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(planFile, "plan", cancellationToken).ConfigureAwait(false);
        }

        public Task<byte[]> ShowJsonAsync(TerraformContext context, string planFile, CancellationToken cancellationToken) =>
            Task.FromResult(Encoding.UTF8.GetBytes(ShowJson));

        public async Task ApplyAsync(TerraformContext context, string planFile, CancellationToken cancellationToken)
        {
            var record = $"{DeploymentOf(context.WorkingDirectory)} {File.ReadAllText(Path.Combine(context.WorkingDirectory, "REVISION"))} {node}";
            Append(ApplyStarts(root), record);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            Append(Applies(root), record);
        }

        private static void Append(string path, string line)
        {
            // Several processes append to one file: take it exclusively (an advisory lock on Unix), so no line is lost.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
                    stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
                    return;
                }
                catch (IOException) when (attempt < 1000)
                {
                    Thread.Sleep(2);
                }
            }
        }

        private static string DeploymentOf(string directory) => DeploymentDir().Match(directory) is { Success: true } m ? m.Groups[1].Value : "unknown";

        [GeneratedRegex("deployments/([0-9a-f-]{36})/")]
        private static partial Regex DeploymentDir();
    }
}
