using Microsoft.Extensions.Options;
using Neptune.CheckRuns;
using Neptune.GitHub.Api;
using Neptune.Ports;
using Octokit;

namespace Neptune.GitHub.Checks;

/// <summary>
/// Shows deployments as GitHub check runs (spec §6): creates a run
/// (<c>POST /repos/{owner}/{repo}/check-runs</c>) when the publication has no id yet, otherwise updates it
/// (<c>PATCH /repos/{owner}/{repo}/check-runs/{id}</c>). Transient failures are retried by <see cref="GitHubRetry"/>.
/// </summary>
/// <remarks>
/// The run's <c>external_id</c> is the deployment id (the same on every generation, as the spec asks), so a
/// <c>requested_action</c> webhook finds its deployment; the newest run of a deployment is tracked by its id.
/// </remarks>
public sealed class GitHubCheckRunPublisher : ICheckRunPublisher
{
    /// <summary>GitHub's limit on a button's label.</summary>
    public const int MaxLabelLength = 20;

    /// <summary>GitHub's limit on a button's description.</summary>
    public const int MaxDescriptionLength = 40;

    /// <summary>GitHub's limit on a button's identifier.</summary>
    public const int MaxIdentifierLength = 20;

    /// <summary>GitHub's limit on the number of buttons.</summary>
    public const int MaxButtons = 3;

    /// <summary>GitHub's limit on <c>output.summary</c>.</summary>
    public const int MaxSummaryLength = 65535;

    private readonly GitHubClientFactory _clients;
    private readonly GitHubRetry _retry;
    private readonly NeptuneLinks _links;

    /// <summary>Creates the publisher; each call uses the client of its repository from <paramref name="clients"/>, links follow the options' URLs.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public GitHubCheckRunPublisher(GitHubClientFactory clients, GitHubRetry retry, IOptions<GitHubOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(options);
        var validated = GitHubOptionsGuard.Validated(options.Value);
        _clients = clients;
        _retry = retry;
        _links = new NeptuneLinks(validated.NeptuneBaseUri(), validated.WebBaseUri());
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The view has more than 3 buttons or an identifier longer than 20 characters.</exception>
    /// <exception cref="ApiException">GitHub refused the call, or kept failing after retries.</exception>
    public async Task<long> PublishAsync(CheckRunPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var view = publication.View;
        var repo = view.Target.Repo;
        var client = _clients.ForRepository(repo);
        var actions = Actions(view.Buttons);
        var output = new NewCheckRunOutput(view.Title, Summary(view));
        var status = Status(view.Status);
        StringEnum<CheckConclusion>? conclusion = view.IsCompleted ? Conclusion(view) : null;
        var externalId = view.DeploymentId.ToString("D");
        var detailsUrl = _links.Details(view).AbsoluteUri;

        CheckRun run;
        if (publication.ExistingCheckRunId is { } id)
        {
            var update = new CheckRunUpdate
            {
                Name = view.Name,
                Status = status,
                Conclusion = conclusion,
                ExternalId = externalId,
                DetailsUrl = detailsUrl,
                Output = output,
                Actions = actions, // always sent, so buttons no longer offered disappear
            };
            run = await _retry.ExecuteAsync(
                "update check run",
                _ => client.Check.Run.Update(repo.Owner, repo.Name, id, update),
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var create = new NewCheckRun(view.Name, view.Revision)
            {
                Status = status,
                Conclusion = conclusion,
                ExternalId = externalId,
                DetailsUrl = detailsUrl,
                Output = output,
                Actions = actions,
            };
            run = await _retry.ExecuteAsync(
                "create check run",
                _ => client.Check.Run.Create(repo.Owner, repo.Name, create),
                cancellationToken).ConfigureAwait(false);
        }

        return run.Id;
    }

    private string Summary(CheckRunView view)
    {
        var summary = CheckRunMarkdown.Render(view, _links);
        return summary.Length <= MaxSummaryLength ? summary : string.Concat(summary.AsSpan(0, MaxSummaryLength - 2), "\n…");
    }

    /// <summary>GitHub's button list: label and description shortened to fit, identifiers and count checked.</summary>
    internal static List<NewCheckRunAction> Actions(IReadOnlyList<CheckRunButton> buttons)
    {
        if (buttons.Count > MaxButtons)
        {
            throw new ArgumentException($"A check run shows at most {MaxButtons} buttons; the view has {buttons.Count}.", nameof(buttons));
        }

        var actions = new List<NewCheckRunAction>(buttons.Count);
        foreach (var button in buttons)
        {
            if (string.IsNullOrEmpty(button.Identifier) || button.Identifier.Length > MaxIdentifierLength)
            {
                // Shortening would break the requested_action webhook's mapping back to the button.
                throw new ArgumentException($"Button identifier '{button.Identifier}' must be 1 to {MaxIdentifierLength} characters.", nameof(buttons));
            }

            actions.Add(new NewCheckRunAction(Fit(button.Label, MaxLabelLength), Fit(button.Description, MaxDescriptionLength), button.Identifier));
        }

        return actions;
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static CheckStatus Status(CheckRunStatus status) => status switch
    {
        CheckRunStatus.Queued => CheckStatus.Queued,
        CheckRunStatus.InProgress => CheckStatus.InProgress,
        CheckRunStatus.Completed => CheckStatus.Completed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown check-run status."),
    };

    private static CheckConclusion Conclusion(CheckRunView view) => view.Conclusion switch
    {
        CheckRunConclusion.Success => CheckConclusion.Success,
        CheckRunConclusion.Failure => CheckConclusion.Failure,
        CheckRunConclusion.TimedOut => CheckConclusion.TimedOut,
        CheckRunConclusion.Skipped => CheckConclusion.Skipped,
        CheckRunConclusion.Cancelled => CheckConclusion.Cancelled,
        CheckRunConclusion.ActionRequired => CheckConclusion.ActionRequired,
        null => throw new ArgumentException("A completed check-run view needs a conclusion.", nameof(view)),
        var other => throw new ArgumentOutOfRangeException(nameof(view), other, "Unknown check-run conclusion."),
    };
}
