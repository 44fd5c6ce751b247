using Neptune.Logs;

namespace Neptune.Hosting.Temporal;

/// <summary>Settings of the Temporal host, bound from <c>Neptune:Temporal</c>.</summary>
public sealed class TemporalOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Neptune:Temporal";

    /// <summary>Default server address (<c>temporal server start-dev</c>).</summary>
    public const string DefaultAddress = "localhost:7233";

    /// <summary>Default namespace.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>Default task queue of deploy workflows, terraform run workflows and coordinator activities.</summary>
    public const string DefaultTaskQueue = "deploy";

    /// <summary>Default task queue where terraform workers claim runs.</summary>
    public const string DefaultTerraformTaskQueue = "terraform";

    /// <summary>Default history size (events) after which a deploy workflow continues as new.</summary>
    public const int DefaultHistoryEventLimit = 2000;

    /// <summary>The frontend address, <c>host:port</c> (<c>Neptune:Temporal:Address</c>). Temporal Cloud: <c>&lt;ns&gt;.&lt;acct&gt;.tmprl.cloud:7233</c>.</summary>
    public string Address { get; set; } = DefaultAddress;

    /// <summary>The namespace (<c>Neptune:Temporal:Namespace</c>).</summary>
    public string Namespace { get; set; } = DefaultNamespace;

    /// <summary>Task queue of deploy workflows (<c>Neptune:Temporal:TaskQueue</c>).</summary>
    public string TaskQueue { get; set; } = DefaultTaskQueue;

    /// <summary>Task queue where terraform workers claim runs (<c>Neptune:Temporal:TerraformTaskQueue</c>); each worker also listens on its own unique queue.</summary>
    public string TerraformTaskQueue { get; set; } = DefaultTerraformTaskQueue;

    /// <summary>Use TLS. Implied by <see cref="ApiKey"/> or a client certificate; required by Temporal Cloud.</summary>
    public bool Tls { get; set; }

    /// <summary>A Temporal Cloud API key (<c>Neptune:Temporal:ApiKey</c>); implies TLS.</summary>
    public string? ApiKey { get; set; }

    /// <summary>PEM client certificate for mTLS (<c>Neptune:Temporal:ClientCertPath</c>); needs <see cref="ClientKeyPath"/>.</summary>
    public string? ClientCertPath { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertPath"/>.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Run deploy workflows and coordinator activities in this process (deploy worker).</summary>
    public bool RunDeployWorker { get; set; } = true;

    /// <summary>Run terraform steps in this process (terraform worker, with a host-unique queue).</summary>
    public bool RunTerraformWorker { get; set; } = true;

    /// <summary>Continue a deploy workflow as new once its history reaches this many events.</summary>
    public int HistoryEventLimit { get; set; } = DefaultHistoryEventLimit;

    /// <summary>Where a terraform worker keeps workspaces (<c>Neptune:Temporal:DataDir</c>; <c>Neptune:DataDir</c> when unset).</summary>
    public string? DataDir { get; set; }

    /// <summary>Extra environment variables for every terraform process.</summary>
    public IDictionary<string, string> RootEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How job logs are filtered and buffered on terraform workers.</summary>
    public JobLogOptions JobLogs { get; } = new();

    /// <summary>Whether the connection uses TLS.</summary>
    public bool UsesTls => Tls || !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(ClientCertPath);
}
