using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Neptune.Benchmarks.Intake;

/// <summary>
/// The baseline: a bare Kestrel app (<c>WebApplication.CreateSlimBuilder</c>) on 127.0.0.1 and a random port, with one
/// endpoint, <c>POST /</c>, that reads the body to its end and answers 200 with no body.
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The endpoint's address.</summary>
    public Uri Url { get; }

    /// <summary>Starts the app.</summary>
    public static async Task<BareEndpoint> StartAsync()
    {
        // Content root: the build output, where nothing changes (the configuration watches it for appsettings.json).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok();
        });
        await app.StartAsync().ConfigureAwait(false);
        return new BareEndpoint(app, new Uri(app.Urls.Single()));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
