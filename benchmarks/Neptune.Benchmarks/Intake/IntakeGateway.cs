using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Benchmarks.InProcess;
using Neptune.Client;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Webhooks;
using Neptune.Hosting.InProcess.Stores;
using Neptune.Ports;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// The real webhook intake, composed like the sample gateway: <c>WebApplication.CreateBuilder</c> on 127.0.0.1 and a
/// random port, <c>AddNeptune(n =&gt; { n.UseGitHub(); n.UseInProcess(); })</c> and <c>MapNeptuneWebhooks("/events")</c>,
/// with a webhook secret, the allowlist <c>acme/*</c> and the in-process host's data dir in a fresh temporary folder.
/// GitHub is unreachable (its API URL is a closed local port), so these stand in, registered before <c>UseGitHub</c>
/// and <c>UseInProcess</c> so their <c>TryAdd</c> registrations keep them: <see cref="MemoryRepositoryReader"/> for the
/// contents API, the local <see cref="LocalCheckRunPublisher"/> for check runs, instant git (<see cref="InstantCommitComparer"/>,
/// <see cref="RootsCheckoutFetcher"/>), <see cref="HeldTerraform"/>, and <see cref="ReceiptClock"/> in front of the host.
/// </summary>
public sealed class IntakeGateway : IAsyncDisposable
{
    /// <summary>The webhook secret deliveries are signed with.</summary>
    public const string Secret = "benchmark-webhook-secret";

    private readonly WebApplication _app;

    private IntakeGateway(WebApplication app, string dataDir)
    {
        _app = app;
        DataDir = dataDir;
        Url = new Uri(new Uri(app.Urls.Single()), WebhookEndpointExtensions.DefaultPattern);
    }

    /// <summary>The webhook endpoint, <c>POST /events</c>.</summary>
    public Uri Url { get; }

    /// <summary>The in-process host's data dir (deleted on dispose).</summary>
    public string DataDir { get; }

    /// <summary>The queue between the webhook handler and the intake worker.</summary>
    public IntakeQueue Queue => _app.Services.GetRequiredService<IntakeQueue>();

    /// <summary>The host, as the handler and intake see it, with each revision's acceptance time.</summary>
    public ReceiptClock Receipts => _app.Services.GetRequiredService<ReceiptClock>();

    /// <summary>The contents-API stand-in, with its counters.</summary>
    public MemoryRepositoryReader Reader => (MemoryRepositoryReader)_app.Services.GetRequiredService<IRepositoryReader>();

    /// <summary>The terraform stand-in, with its counter.</summary>
    public HeldTerraform Terraform => (HeldTerraform)_app.Services.GetRequiredService<ITerraformExecutor>();

    /// <summary>
    /// Starts the gateway; <paramref name="capacity"/> sets <c>IntakeQueueCapacity</c> (the held worker's backlog must
    /// fit). <c>RememberedDeliveries</c> keeps its default: every delivery id is new anyway, and a million remembered ids
    /// would be a heap no production gateway has (earlier runs used that and paid for it in collection pauses).
    /// </summary>
    public static async Task<IntakeGateway> StartAsync(int capacity, LogLevel logLevel)
    {
        var dataDir = Directory.CreateTempSubdirectory("neptune-intake-").FullName;
        // Content root as in the sample: the build output. (Not the data dir: the configuration's file watcher would
        // then watch every file the host writes.)
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(logLevel);
        var limit = capacity.ToString(CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Wins over an appsettings.json in the build output (the soak mode's build-only reference to the sample
            // gateway copies the sample's there, with Information as the default level).
            ["Logging:LogLevel:Default"] = logLevel.ToString(),
            ["Neptune:DataDir"] = dataDir,
            ["Neptune:GitHub:ApiUrl"] = "http://127.0.0.1:9/",
            ["Neptune:GitHub:Token"] = "ghs_unused_github_is_unreachable",
            ["Neptune:GitHub:WebhookSecret"] = Secret,
            ["Neptune:GitHub:RepoAllowlist:0"] = PushDeliveries.Owner + "/*",
            ["Neptune:GitHub:IntakeQueueCapacity"] = limit,
        });

        var services = builder.Services;
        services.AddSingleton<IRepositoryReader, MemoryRepositoryReader>();
        services.AddSingleton<ICheckRunPublisher, LocalCheckRunPublisher>();
        services.AddSingleton<ICommitComparer, InstantCommitComparer>();
        services.AddSingleton<ISourceFetcher, RootsCheckoutFetcher>();
        services.AddSingleton<ITerraformExecutor, HeldTerraform>();
        services.AddSingleton(sp => new ReceiptClock(sp.GetRequiredService<Neptune.Hosting.InProcess.InProcessNeptune>()));
        services.AddSingleton<INeptuneClient>(sp => sp.GetRequiredService<ReceiptClock>());
        services.AddNeptune(n =>
        {
            n.UseGitHub();
            n.UseInProcess();
        });

        var app = builder.Build();
        app.MapNeptuneWebhooks(WebhookEndpointExtensions.DefaultPattern);
        await app.StartAsync().ConfigureAwait(false);
        return new IntakeGateway(app, dataDir);
    }

    /// <summary>Merge deployments the host holds: one in flight per target that got a merge, plus every queued one.</summary>
    public async Task<(int Targets, int Deployments)> CountHostDeploymentsAsync()
    {
        var targets = await Receipts.GetTargetsAsync().ConfigureAwait(false);
        return (targets.Count, targets.Sum(t => t.Merge.Count + t.Manual.Count + (t.Current is null ? 0 : 1)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}
