using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.Hosting.InProcess;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Ports;
using Neptune.Terraform;

namespace Neptune.CrashHost;

/// <summary>
/// The test layout of a local Neptune, shared by the in-process tests and this child process so both wire
/// the same real adapters: <c>&lt;root&gt;/repos/{owner}/{repo}</c> git repositories, <c>&lt;root&gt;/data</c>,
/// and the stand-in's apply records at <c>&lt;root&gt;/applies.log</c> and <c>&lt;root&gt;/apply-starts.log</c>.
/// </summary>
public static class LocalNeptune
{
    /// <summary>
    /// Creates (does not start) a Neptune over the layout under <paramref name="root"/>, with the publisher its check runs go to.
    /// <paramref name="stores"/> replaces file stores or the audit file (for example with S3 and SNS adapters);
    /// <paramref name="loggers"/> receives what Neptune and the adapters log (nothing is logged when it is null).
    /// </summary>
    public static (InProcessNeptune Neptune, LocalCheckRunPublisher CheckRuns) Create(string root, string terraformPath, TimeProvider time, StoreOverrides? stores = null, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var dataDir = Path.Combine(root, "data");
        var options = new InProcessOptions { DataDir = dataDir };
        options.RootEnvironment["NEPTUNE_STANDIN_APPLY_LOG"] = Path.Combine(root, "applies.log");
        options.RootEnvironment["NEPTUNE_STANDIN_APPLY_STARTS"] = Path.Combine(root, "apply-starts.log");
        var git = Options.Create(new GitOptions { CloneUrl = Path.Combine(root, "repos", "{owner}", "{repo}") });
        var terraform = Options.Create(new TerraformOptions { Path = terraformPath, PluginCacheDir = Path.Combine(dataDir, "plugin-cache") });
        var publisher = new LocalCheckRunPublisher(loggers.CreateLogger<LocalCheckRunPublisher>());
        var neptune = new InProcessNeptune(
            options,
            new InProcessPorts
            {
                CommitComparer = new LocalCommitComparer(git, loggers.CreateLogger<LocalCommitComparer>(), time),
                SourceFetcher = new GitSourceFetcher(git, loggers.CreateLogger<GitSourceFetcher>(), time),
                Terraform = new TerraformCliExecutor(terraform, loggers.CreateLogger<TerraformCliExecutor>(), time),
                DeploymentStore = stores?.DeploymentStore ?? new FileDeploymentStore(options.StoreDir),
                JobLogStore = stores?.JobLogStore ?? new FileJobLogStore(Path.Combine(dataDir, "logs")),
                CheckRunPublisher = publisher,
                AuditSink = stores?.AuditSink ?? new JsonLinesAuditSink(options.AuditPath),
            },
            time,
            loggers);
        return (neptune, publisher);
    }
}

/// <summary>Adapters that replace the local layout's file stores or audit file; <see langword="null"/> keeps the local one.</summary>
public sealed record StoreOverrides(IDeploymentStore? DeploymentStore = null, IJobLogStore? JobLogStore = null, IAuditSink? AuditSink = null);
