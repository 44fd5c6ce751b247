using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Neptune.Client;
using Neptune.Gateway;
using Neptune.Gateway.Endpoints;
using Neptune.GitHub;
using Neptune.GitHub.Webhooks;
using Neptune.Model;
using Neptune.Runs;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The gateway's HTTP surface: health, dashboard, JSON API and live job logs.</summary>
public static class GatewayEndpoints
{
    /// <summary>
    /// Maps <c>/healthz</c> (the health checks the packages registered, as JSON; 503 when one is Unhealthy), the dashboard at <c>/</c>, <c>/api/*</c>, <c>/jobs/{id}</c> and GitHub's webhooks at
    /// <c>POST /events</c> (answered 503 with the fix when GitHub is not configured).
    /// </summary>
    public static WebApplication MapNeptuneGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", () => Results.Content(Asset("index.html"), "text/html; charset=utf-8"));
        app.MapGet("/neptune.css", () => Results.Content(Asset("neptune.css"), "text/css; charset=utf-8"));
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync });
        if (app.Services.GetService<GitHubWebhookHandler>() is not null)
        {
            app.MapNeptuneWebhooks();
        }
        else
        {
            app.MapPost(WebhookEndpointExtensions.DefaultPattern, () => Results.Text(
                $"GitHub intake is off: configure the {GitHubOptions.SectionName} section (Token or AppId + PrivateKeyPath, WebhookSecret, RepoAllowlist); see docs/github.md.",
                statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        var api = app.MapGroup("/api");
        api.MapGet("/targets", async (INeptuneClient neptune, CancellationToken ct) =>
            (await neptune.GetTargetsAsync(ct)).Select(TargetView.From).ToArray());
        api.MapGet("/deployments/{id:guid}", (Guid id, INeptuneClient neptune, CancellationToken ct) =>
            Answer(async () => Results.Ok(DeploymentView.From(await neptune.GetDeploymentAsync(id, ct)))));

        var admin = api.MapGroup("/").AddEndpointFilter(RequireAdmin);
        admin.MapPost("/deployments/{id:guid}/review", (Guid id, ReviewBody body, INeptuneClient neptune, CancellationToken ct) => Answer(async () =>
        {
            var decision = body.Decision?.ToLowerInvariant() switch
            {
                "confirm" => ReviewDecision.Confirm,
                "reject" => ReviewDecision.Reject,
                _ => throw new ArgumentException("decision must be \"confirm\" or \"reject\"."),
            };
            await neptune.ReviewAsync(id, decision, body.User ?? string.Empty, ct);
            return Results.NoContent();
        }));
        admin.MapPost("/unlock", (UnlockBody body, INeptuneClient neptune, CancellationToken ct) => Answer(async () =>
        {
            await neptune.UnlockAsync(DeployTarget.Parse(body.Target ?? string.Empty), body.User ?? string.Empty, ct);
            return Results.NoContent();
        }));
        admin.MapPost("/deploy", (DeployBody body, INeptuneClient neptune, CancellationToken ct) => Answer(async () =>
        {
            var target = DeployTarget.Parse(body.Target ?? string.Empty);
            var request = new RevisionRequest(target, body.Revision ?? string.Empty, body.Branch ?? "main", Trigger.Manual, body.User ?? string.Empty, rootDir: body.RootDir ?? target.Root);
            var receipt = await neptune.RequestRevisionAsync(request, ct);
            return receipt.Accepted ? Results.Ok(new { deploymentId = receipt.DeploymentId }) : Results.Conflict(new { error = receipt.DroppedReason });
        }));

        app.MapGet("/jobs/{id:guid}", (Guid id) => Results.Content(JobPage.Html(id), "text/html; charset=utf-8"));
        app.MapGet("/jobs/{id:guid}/stream", StreamJobAsync);
        return app;
    }

    private static string Asset(string name)
    {
        using var stream = typeof(GatewayEndpoints).Assembly.GetManifestResourceStream("Dashboard/" + name)
            ?? throw new InvalidOperationException($"The gateway was built without its dashboard file {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminToken;
        if (string.IsNullOrEmpty(token))
        {
            return Results.Json(new { error = "Changes through the API are disabled: set Neptune:Gateway:AdminToken and send it as 'Authorization: Bearer <token>'." }, statusCode: StatusCodes.Status403Forbidden);
        }

        var sent = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes("Bearer " + token)))
        {
            return Results.Json(new { error = "Missing or wrong admin token: send 'Authorization: Bearer <Neptune:Gateway:AdminToken>'." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (NeptuneNotFoundException e)
        {
            return Results.NotFound(new { error = e.Message });
        }
        catch (NeptuneRejectedException e)
        {
            return Results.Conflict(new { error = e.Message });
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    /// <summary>Server-sent events: every line of the job so far, then live lines, then an <c>end</c> event.</summary>
    private static async Task StreamJobAsync(Guid id, HttpContext http, INeptuneClient neptune, CancellationToken ct)
    {
        var lines = neptune.ReadJobLogAsync(id, ct).GetAsyncEnumerator(ct);
        try
        {
            bool any;
            try
            {
                any = await lines.MoveNextAsync();
            }
            catch (NeptuneNotFoundException e)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await http.Response.WriteAsync(e.Message, ct);
                return;
            }

            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            while (any)
            {
                await http.Response.WriteAsync($"data: {lines.Current.Replace("\r", string.Empty, StringComparison.Ordinal)}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                any = await lines.MoveNextAsync();
            }

            await http.Response.WriteAsync("event: end\ndata: \n\n", ct);
        }
        finally
        {
            await lines.DisposeAsync();
        }
    }
}
