using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Neptune.CheckRuns;
using Neptune.Client;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Permissions;
using Neptune.GitHub.Roots;
using Neptune.Model;
using Neptune.Runs;
using Neptune.Telemetry;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace Neptune.GitHub.Webhooks;

/// <summary>
/// Answers GitHub's webhook deliveries (spec §2): checks signature, repository allowlist and replays; queues pushes and
/// reruns for <see cref="IntakeWorker"/> (answered 202 at once); carries out Unlock, Confirm and Reject while GitHub waits,
/// so a failure shows on the delivery. Every refusal has its status code and a log line, and enqueues nothing.
/// </summary>
public sealed partial class GitHubWebhookHandler
{
    private const string MediaType = "application/json";
    private static readonly HashSet<string> HandledEvents = new(StringComparer.Ordinal) { "ping", "push", "check_run", "check_suite" };
    private static readonly PayloadParser Parser = new();

    private readonly GitHubWebhookOptions _options;
    private readonly RepoAllowlist _allowlist;
    private readonly INeptuneClient _neptune;
    private readonly IRepoPermissions _permissions;
    private readonly IntakeQueue _queue;
    private readonly RecentDeliveries _deliveries;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    public GitHubWebhookHandler(
        IOptions<GitHubWebhookOptions> options,
        INeptuneClient neptune,
        IRepoPermissions permissions,
        IntakeQueue queue,
        RecentDeliveries deliveries,
        ILogger<GitHubWebhookHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _allowlist = new RepoAllowlist(_options.RepoAllowlist);
        _neptune = neptune;
        _permissions = permissions;
        _queue = queue;
        _deliveries = deliveries;
        _logger = logger;
    }

    /// <summary>The largest body read; the endpoint refuses a larger one with 413 before calling <see cref="HandleAsync"/>.</summary>
    public long MaxPayloadBytes => _options.MaxPayloadBytes;

    /// <summary>Handles one delivery and says how to answer it.</summary>
    public Task<WebhookResult> HandleAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);

        // The measured intake path: untraced, a delivery costs no extra state machine, span or tag.
        return NeptuneTelemetry.ActivitySource.HasListeners() ? TracedAsync(delivery, cancellationToken) : HandleCoreAsync(delivery, cancellationToken);
    }

    private async Task<WebhookResult> TracedAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        // Started inside this method so Activity.Current returns to the caller's when it ends.
        using var activity = NeptuneTelemetry.ActivitySource.StartActivity(NeptuneTelemetry.WebhookSpan);
        var result = await HandleCoreAsync(delivery, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag(NeptuneTelemetry.EventTag, EventTagValue(delivery.Event));
            activity.SetTag(NeptuneTelemetry.DeliveryIdTag, delivery.DeliveryId);
            activity.SetTag(NeptuneTelemetry.StatusCodeTag, result.StatusCode);
            if (result.StatusCode >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.Message);
            }
        }

        return result;
    }

    private async Task<WebhookResult> HandleCoreAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var id = delivery.DeliveryId ?? "(none)";
        if (Check(delivery) is { } refused)
        {
            return Log(id, delivery.Event, refused);
        }

        if (!HandledEvents.Contains(delivery.Event!))
        {
            return Log(id, delivery.Event, new WebhookResult(200, $"Event '{delivery.Event}' is not one Neptune handles; ignored."));
        }

        // A push is read into the few members it needs (PushPayload); other events into Octokit.Webhooks' models, whose
        // converters throw FormatException for a malformed date (found by fuzzing: it was answered 500).
        object payload;
        try
        {
            payload = delivery.Event == "push" ? PushPayload.Parse(delivery.Body) : Parser.Parse(delivery.Event!, delivery.Body);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or DecoderFallbackException
            or FormatException or OverflowException)
        {
            return Log(id, delivery.Event, new WebhookResult(400, $"The {delivery.Event} payload could not be read: {e.Message}"));
        }

        var repo = payload switch
        {
            PushPayload push => push.Repository?.FullName,
            WebhookEvent other => other.Repository?.FullName,
            _ => null,
        };
        if (repo is null && payload is not PingEvent)
        {
            return Log(id, delivery.Event, new WebhookResult(400, $"The {delivery.Event} payload names no repository."));
        }

        // Refused here, before anything is remembered or queued: these used to reach the handlers and end in a
        // NullReferenceException or ArgumentException answered 503 "redeliver", which GitHub would retry in vain.
        if (repo is not null && !IsRepositoryName(repo))
        {
            return Log(id, delivery.Event, new WebhookResult(400, $"The {delivery.Event} payload's repository.full_name '{repo}' is not 'owner/name'."));
        }

        if (MissingMember(payload) is { } missing)
        {
            return Log(id, delivery.Event, new WebhookResult(400, $"The {delivery.Event} payload has no '{missing}'."));
        }

        if (repo is not null && !_allowlist.Allows(repo))
        {
            return Log(id, delivery.Event, new WebhookResult(403, $"Repository {repo} is not in {GitHubOptions.SectionName}:RepoAllowlist; ignored."));
        }

        if (!_deliveries.TryBegin(id))
        {
            return Log(id, delivery.Event, new WebhookResult(200, $"Delivery {id} was handled already; ignored."));
        }

        WebhookResult result;
        try
        {
            result = payload switch
            {
                PingEvent => new WebhookResult(200, "pong"),
                PushPayload push => Push(id, push),
                CheckRunEvent checkRun => await CheckRunAsync(id, checkRun, cancellationToken).ConfigureAwait(false),
                CheckSuiteEvent checkSuite => CheckSuite(id, checkSuite),
                _ => new WebhookResult(200, $"Event '{delivery.Event}' ignored."),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _deliveries.Abandon(id);
            LogFailed(_logger, e, id, delivery.Event);
            Count(delivery.Event, 503);
            return new WebhookResult(503, $"Neptune could not handle the {delivery.Event} event: {e.Message} Redeliver it once Neptune is healthy.");
        }
        catch
        {
            _deliveries.Abandon(id);
            throw;
        }

        if (result.StatusCode >= 500)
        {
            _deliveries.Abandon(id);
        }
        else
        {
            _deliveries.Complete(id);
        }

        return Log(id, delivery.Event, result);
    }

    /// <summary>
    /// Answers (and logs) a delivery whose body was not read because it is larger than
    /// <see cref="GitHubWebhookOptions.MaxPayloadBytes"/>: 413 with the key to change.
    /// </summary>
    /// <param name="eventName">The <c>X-GitHub-Event</c> header, if any.</param>
    /// <param name="deliveryId">The <c>X-GitHub-Delivery</c> header, if any.</param>
    public WebhookResult RefuseOversize(string? eventName, string? deliveryId) =>
        Log(string.IsNullOrWhiteSpace(deliveryId) ? "(none)" : deliveryId, eventName, TooLarge());

    private WebhookResult TooLarge() =>
        new(413, $"The payload is larger than {GitHubOptions.SectionName}:MaxPayloadBytes ({_options.MaxPayloadBytes} bytes).");

    private WebhookResult? Check(WebhookDelivery delivery)
    {
        if (string.IsNullOrWhiteSpace(delivery.Event))
        {
            return new WebhookResult(400, "The X-GitHub-Event header is missing.");
        }

        if (string.IsNullOrWhiteSpace(delivery.DeliveryId))
        {
            return new WebhookResult(400, "The X-GitHub-Delivery header is missing.");
        }

        if (!IsJson(delivery.ContentType))
        {
            return new WebhookResult(415, $"Content type '{delivery.ContentType}' is not {MediaType}; set the webhook's content type to application/json.");
        }

        if (delivery.Body.Length > _options.MaxPayloadBytes)
        {
            return TooLarge();
        }

        if (!string.IsNullOrEmpty(_options.WebhookSecret))
        {
            if (string.IsNullOrEmpty(delivery.Signature))
            {
                return new WebhookResult(401, $"The {WebhookSignature.HeaderName} header is missing; give the webhook the secret set in {GitHubOptions.SectionName}:WebhookSecret.");
            }

            if (!WebhookSignature.IsValid(_options.WebhookSecret, delivery.Body.Span, delivery.Signature))
            {
                return new WebhookResult(401, $"The {WebhookSignature.HeaderName} signature does not match; the webhook's secret differs from {GitHubOptions.SectionName}:WebhookSecret.");
            }
        }

        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';', 2)[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    private WebhookResult Push(string id, PushPayload push)
    {
        // HandleAsync refused a push that names no repository.
        var repository = push.Repository!;
        var fullName = repository.FullName!;
        if (string.IsNullOrEmpty(repository.DefaultBranch))
        {
            return new WebhookResult(400, "The push payload's repository has no default_branch.");
        }

        if (push.Ref.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            return new WebhookResult(200, $"Tag push {push.Ref} ignored: only pushes to the default branch deploy.");
        }

        var defaultRef = "refs/heads/" + repository.DefaultBranch;
        if (!string.Equals(push.Ref, defaultRef, StringComparison.Ordinal))
        {
            return new WebhookResult(200, $"Push to {push.Ref} ignored: only pushes to {defaultRef} deploy.");
        }

        if (push.Deleted)
        {
            LogDeletedDefaultBranch(_logger, id, fullName, push.Ref);
            return new WebhookResult(200, $"Deletion of {push.Ref} ignored.");
        }

        if (!IsCommitId(push.After))
        {
            return new WebhookResult(400, $"The push's 'after' ('{push.After}') is not a commit id.");
        }

        var notice = new PushNotice(
            RepoRef.Parse(fullName),
            repository.DefaultBranch,
            push.Before,
            push.After,
            push.Sender?.Login ?? push.Pusher?.Username ?? push.Pusher?.Name ?? "unknown",
            push.HeadCommit?.Message,
            ChangedFiles(push));
        return Enqueue(new IntakeItem(notice.Repo.ToString(), id, $"push {fullName}@{Short(push.After)}", (intake, ct) => intake.PushAsync(notice, ct)));
    }

    /// <summary>The files the payload lists, or <see langword="null"/> when they may be incomplete and intake should compare.</summary>
    private static List<ChangedFile>? ChangedFiles(PushPayload push)
    {
        // A forced push's commits do not describe before..after, and GitHub stops listing commits at 2,048.
        if (push.Forced || push.Commits is not { Count: > 0 and < 2048 } commits)
        {
            return null;
        }

        return [.. commits
            .SelectMany(c => (c.Added ?? []).Concat(c.Modified ?? []).Concat(c.Removed ?? []))
            .Distinct(StringComparer.Ordinal)
            .Select(path => new ChangedFile(path))];
    }

    private async Task<WebhookResult> CheckRunAsync(string id, CheckRunEvent e, CancellationToken cancellationToken)
    {
        var run = e.CheckRun;
        if (!run.Name.StartsWith(CheckRunView.NamePrefix, StringComparison.Ordinal))
        {
            return new WebhookResult(200, $"Check run '{run.Name}' is not Neptune's; ignored.");
        }

        var repo = RepoRef.Parse(e.Repository!.FullName);
        var root = run.Name[CheckRunView.NamePrefix.Length..];
        var user = e.Sender?.Login ?? "unknown";
        switch (e.Action)
        {
            case "requested_action":
                return await RequestedActionAsync(repo, root, run.ExternalId, e.RequestedAction?.Identifier, user, cancellationToken).ConfigureAwait(false);
            case "rerequested":
                var branch = run.CheckSuite?.HeadBranch;
                if (string.IsNullOrEmpty(e.Repository.DefaultBranch) || !string.Equals(branch, e.Repository.DefaultBranch, StringComparison.Ordinal))
                {
                    return new WebhookResult(200, $"Re-run on branch '{branch}' ignored: only the default branch ({e.Repository.DefaultBranch}) deploys.");
                }

                if (!IsCommitId(run.HeadSha))
                {
                    return new WebhookResult(400, $"The check run's head_sha ('{run.HeadSha}') is not a commit id.");
                }

                var defaultBranch = e.Repository.DefaultBranch;
                return Enqueue(new IntakeItem(
                    repo.ToString(), id, $"rerun {repo}||{root}@{Short(run.HeadSha)}", (intake, ct) => intake.RerunRootAsync(repo, root, run.HeadSha, defaultBranch, user, ct)));
            default:
                return new WebhookResult(200, $"Check run action '{e.Action}' ignored.");
        }
    }

    private async Task<WebhookResult> RequestedActionAsync(
        RepoRef repo, string root, string? externalId, string? action, string user, CancellationToken cancellationToken)
    {
        if (action is not (CheckRunButton.UnlockId or CheckRunButton.ConfirmId or CheckRunButton.RejectId))
        {
            return new WebhookResult(400, $"Unknown button '{action}'; Neptune's buttons are {CheckRunButton.UnlockId}, {CheckRunButton.ConfirmId} and {CheckRunButton.RejectId}.");
        }

        Guid deploymentId = default;
        if (action != CheckRunButton.UnlockId && !Guid.TryParse(externalId, out deploymentId))
        {
            return new WebhookResult(400, $"The check run's external_id ('{externalId}') is not a deployment id.");
        }

        if (!await _permissions.HasPermissionAsync(repo, user, _options.RequiredPermission, cancellationToken).ConfigureAwait(false))
        {
            return new WebhookResult(403, $"{user} may not press {action} on {repo}: it takes the {_options.RequiredPermission.ToString().ToLowerInvariant()} role ({GitHubOptions.SectionName}:RequiredPermission).");
        }

        try
        {
            if (action == CheckRunButton.UnlockId)
            {
                await _neptune.UnlockAsync(new DeployTarget(repo, root), user, cancellationToken).ConfigureAwait(false);
                return new WebhookResult(200, $"{repo}||{root} unlocked by {user}.");
            }

            var decision = action == CheckRunButton.ConfirmId ? ReviewDecision.Confirm : ReviewDecision.Reject;
            await _neptune.ReviewAsync(deploymentId, decision, user, cancellationToken).ConfigureAwait(false);
            return new WebhookResult(200, $"Deployment {deploymentId}: {action} by {user}.");
        }
        catch (NeptuneNotFoundException e)
        {
            return new WebhookResult(404, e.Message);
        }
        catch (NeptuneRejectedException e)
        {
            return new WebhookResult(409, e.Message);
        }
        catch (ArgumentException e)
        {
            return new WebhookResult(400, e.Message);
        }
    }

    private WebhookResult CheckSuite(string id, CheckSuiteEvent e)
    {
        if (e.Action != "rerequested")
        {
            return new WebhookResult(200, $"Check suite action '{e.Action}' ignored.");
        }

        var suite = e.CheckSuite;
        var defaultBranch = e.Repository!.DefaultBranch;
        if (string.IsNullOrEmpty(defaultBranch) || !string.Equals(suite.HeadBranch, defaultBranch, StringComparison.Ordinal))
        {
            return new WebhookResult(200, $"Re-run of all checks on branch '{suite.HeadBranch}' ignored: only the default branch ({defaultBranch}) deploys.");
        }

        if (!IsCommitId(suite.HeadSha))
        {
            return new WebhookResult(400, $"The check suite's head_sha ('{suite.HeadSha}') is not a commit id.");
        }

        var repo = RepoRef.Parse(e.Repository.FullName);
        var user = e.Sender?.Login ?? "unknown";
        return Enqueue(new IntakeItem(
            repo.ToString(), id, $"rerun all {repo}@{Short(suite.HeadSha)}", (intake, ct) => intake.RerunCommitAsync(repo, suite.HeadSha, defaultBranch, user, ct)));
    }

    private WebhookResult Enqueue(IntakeItem item)
    {
        // The intake runs later on the worker: it continues this delivery's trace (allocates only while tracing).
        if (Activity.Current is { } current)
        {
            item = item with { Parent = current.Context };
        }

        return _queue.TryEnqueue(item)
            ? new WebhookResult(202, $"Accepted: {item.Description}.")
            : new WebhookResult(503, $"The intake queue is full ({GitHubOptions.SectionName}:IntakeQueueCapacity); redeliver {item.Description} later.");
    }

    private WebhookResult Log(string id, string? eventName, WebhookResult result)
    {
        if (result.StatusCode >= 400)
        {
            LogRefused(_logger, id, eventName ?? "(none)", result.StatusCode, result.Message);
        }
        else
        {
            LogAnswered(_logger, id, eventName ?? "(none)", result.StatusCode, result.Message);
        }

        Count(eventName, result.StatusCode);
        return result;
    }

    private static void Count(string? eventName, int statusCode)
    {
        // Checked first so nothing is boxed or built when no meter listener is attached.
        if (NeptuneTelemetry.Webhooks.Enabled)
        {
            NeptuneTelemetry.Webhooks.Add(1, new TagList
            {
                { NeptuneTelemetry.EventTag, EventTagValue(eventName) },
                { NeptuneTelemetry.StatusCodeTag, statusCode },
            });
        }
    }

    /// <summary>The event as a tag: only names Neptune handles, so a sender cannot grow the metric's cardinality.</summary>
    private static string EventTagValue(string? eventName) =>
        eventName is not null && HandledEvents.TryGetValue(eventName, out var known) ? known : "other";

    private static bool IsRepositoryName(string fullName)
    {
        try
        {
            RepoRef.Parse(fullName);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The member a handled event needs and lacks (GitHub always sends it), or <see langword="null"/>.</summary>
    private static string? MissingMember(object payload) => payload switch
    {
        CheckRunEvent { CheckRun: null } => "check_run",
        CheckRunEvent { CheckRun.Name: null } => "check_run.name",
        CheckSuiteEvent { CheckSuite: null } => "check_suite",
        _ => null,
    };

    private static bool IsCommitId(string? sha)
    {
        try
        {
            Revision.Normalize(sha);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} ({Event}) refused with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string deliveryId, string @event, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} ({Event}) answered {StatusCode}: {Reason}")]
    private static partial void LogAnswered(ILogger logger, string deliveryId, string @event, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId}: the default branch {Ref} of {Repo} was deleted; nothing to deploy.")]
    private static partial void LogDeletedDefaultBranch(ILogger logger, string deliveryId, string repo, string @ref);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {DeliveryId} ({Event}) failed; answered 503 so it can be redelivered.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string deliveryId, string? @event);

    /// <summary>Octokit.Webhooks' payload types, read from the raw body.</summary>
    private sealed class PayloadParser : WebhookEventProcessor
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

        public WebhookEvent Parse(string eventName, ReadOnlyMemory<byte> body)
        {
            var headers = WebhookHeaders.Parse(new Dictionary<string, StringValues> { ["X-GitHub-Event"] = eventName });
            var text = StrictUtf8.GetString(body.Span);
            return DeserializeWebhookEvent(headers, text) ?? throw new JsonException("The payload is empty (null).");
        }
    }
}
