using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Client;
using Neptune.GitHub.Config;
using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.GitHub.Intake;

/// <summary>
/// Turns pushes and reruns into revision requests (spec §2), whatever noticed them (a webhook, a watched local
/// repository): reads the config at the revision, finds the modified roots, and delivers one request per root to its
/// target's coordinator. Deciding whether an event counts (default branch, allowlist, signature) is the caller's job.
/// </summary>
public sealed partial class RevisionIntake
{
    private readonly INeptuneClient _neptune;
    private readonly IRepositoryReader _reader;
    private readonly RepoConfigSource _configs;
    private readonly IConfigErrorReporter? _configErrors;
    private readonly ILogger _logger;

    /// <summary>Creates the intake.</summary>
    /// <param name="neptune">The host that receives the requests.</param>
    /// <param name="reader">Reads config and changed files at a revision.</param>
    /// <param name="configs">The config cache over <paramref name="reader"/>; a new one when <see langword="null"/>.</param>
    /// <param name="configErrors">Shows broken config files to users; logged only when <see langword="null"/>.</param>
    /// <param name="logger">Logs what was requested and why nothing was.</param>
    public RevisionIntake(
        INeptuneClient neptune,
        IRepositoryReader reader,
        RepoConfigSource? configs = null,
        IConfigErrorReporter? configErrors = null,
        ILogger<RevisionIntake>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(neptune);
        ArgumentNullException.ThrowIfNull(reader);
        _neptune = neptune;
        _reader = reader;
        _configs = configs ?? new RepoConfigSource(reader);
        _configErrors = configErrors;
        _logger = logger ?? NullLogger<RevisionIntake>.Instance;
    }

    /// <summary>A push to the default branch: a merge request for every root modified in <c>before..after</c>.</summary>
    public async Task<IntakeOutcome> PushAsync(PushNotice push, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        var config = await ConfigAsync(push.Repo, push.After, cancellationToken).ConfigureAwait(false);
        if (config.Config is null)
        {
            return IntakeOutcome.Nothing(config.Reason!);
        }

        var changed = push.ChangedFiles
            ?? (push.IsNewBranch
                ? await _reader.CommitFilesAsync(push.Repo, push.After, cancellationToken).ConfigureAwait(false)
                : await _reader.ChangedFilesAsync(push.Repo, push.Before, push.After, cancellationToken).ConfigureAwait(false));
        var roots = await ModifiedRootsAsync(config.Config, push.Repo, push.After, changed, cancellationToken).ConfigureAwait(false);
        var pullNumber = PullNumber(push.HeadMessage);
        return await RequestAsync(
            push.Repo,
            push.After,
            roots,
            root => new RevisionRequest(
                root.Target(push.Repo), push.After, push.DefaultBranch, Trigger.Merge, push.User, push.DefaultBranch,
                tags: root.Tags, pullNumber: pullNumber, rootDir: root.Dir),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Re-run" on one root's check run: a manual rerun of that root at the revision.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="rootName">The root, from the check run's name.</param>
    /// <param name="sha">The check run's head sha.</param>
    /// <param name="defaultBranch">The repository's default branch (the revision's branch).</param>
    /// <param name="user">Who asked.</param>
    /// <param name="cancellationToken">Cancels the reads and the delivery.</param>
    public async Task<IntakeOutcome> RerunRootAsync(
        RepoRef repo, string rootName, string sha, string defaultBranch, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var config = await ConfigAsync(repo, sha, cancellationToken).ConfigureAwait(false);
        if (config.Config is null)
        {
            return IntakeOutcome.Nothing(config.Reason!);
        }

        if (config.Config.FindRoot(rootName) is not { } root)
        {
            var reason = $"{repo}@{Short(sha)}: no root named '{rootName}' in {config.Config.FileName}; nothing to rerun.";
            LogNothing(_logger, reason);
            return IntakeOutcome.Nothing(reason);
        }

        return await RequestAsync(repo, sha, [root], r => Rerun(repo, r, sha, defaultBranch, user), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Re-run all checks" on a commit: a manual rerun of every root that commit modified.</summary>
    /// <param name="repo">The repository.</param>
    /// <param name="sha">The commit.</param>
    /// <param name="defaultBranch">The repository's default branch (the revision's branch).</param>
    /// <param name="user">Who asked.</param>
    /// <param name="cancellationToken">Cancels the reads and the delivery.</param>
    public async Task<IntakeOutcome> RerunCommitAsync(
        RepoRef repo, string sha, string defaultBranch, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var config = await ConfigAsync(repo, sha, cancellationToken).ConfigureAwait(false);
        if (config.Config is null)
        {
            return IntakeOutcome.Nothing(config.Reason!);
        }

        var changed = await _reader.CommitFilesAsync(repo, sha, cancellationToken).ConfigureAwait(false);
        var roots = await ModifiedRootsAsync(config.Config, repo, sha, changed, cancellationToken).ConfigureAwait(false);
        return await RequestAsync(repo, sha, roots, r => Rerun(repo, r, sha, defaultBranch, user), cancellationToken).ConfigureAwait(false);
    }

    private static RevisionRequest Rerun(RepoRef repo, RootConfig root, string sha, string defaultBranch, string user) =>
        new(root.Target(repo), sha, defaultBranch, Trigger.Manual, user, defaultBranch, rerun: true, tags: root.Tags, rootDir: root.Dir);

    private async Task<(RepoConfig? Config, string? Reason)> ConfigAsync(RepoRef repo, string sha, CancellationToken cancellationToken)
    {
        try
        {
            var config = await _configs.GetAsync(repo, sha, cancellationToken).ConfigureAwait(false);
            if (config is null)
            {
                var reason = $"{repo}@{Short(sha)} has no {RepoConfigReader.NeptuneFileName} (or {RepoConfigReader.AtlantisFileName}); nothing to deploy.";
                LogNothing(_logger, reason);
                return (null, reason);
            }

            return (config, null);
        }
        catch (RepoConfigException e)
        {
            LogBrokenConfig(_logger, repo.FullName, Short(sha), e.Message);
            if (_configErrors is not null)
            {
                await _configErrors.ReportAsync(repo, sha, e, cancellationToken).ConfigureAwait(false);
            }

            return (null, $"{repo}@{Short(sha)}: {e.Message}");
        }
    }

    private async Task<IReadOnlyList<RootConfig>> ModifiedRootsAsync(
        RepoConfig config, RepoRef repo, string sha, IReadOnlyList<ChangedFile> changed, CancellationToken cancellationToken)
    {
        var roots = await RootDetection.ModifiedRootsAsync(
            config, changed, (dir, ct) => new ValueTask<bool>(_reader.DirectoryExistsAsync(repo, sha, dir, ct)), cancellationToken).ConfigureAwait(false);
        if (roots.Count == 0)
        {
            LogNothing(_logger, $"{repo}@{Short(sha)}: {changed.Count} changed file(s) modify no root of {config.FileName}.");
        }

        return roots;
    }

    private async Task<IntakeOutcome> RequestAsync(
        RepoRef repo, string sha, IReadOnlyList<RootConfig> roots, Func<RootConfig, RevisionRequest> request, CancellationToken cancellationToken)
    {
        if (roots.Count == 0)
        {
            return IntakeOutcome.Nothing($"{repo}@{Short(sha)}: no root modified.");
        }

        var delivered = new List<(RevisionRequest, RevisionReceipt)>(roots.Count);
        foreach (var root in roots)
        {
            var revision = request(root);
            var receipt = await _neptune.RequestRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
            LogRequested(_logger, revision.Target.Id, Short(sha), revision.Trigger, receipt.DeploymentId?.ToString() ?? receipt.DroppedReason ?? "dropped");
            delivered.Add((revision, receipt));
        }

        return new IntakeOutcome(delivered, null);
    }

    /// <summary>The pull request a merge commit names: GitHub's "Merge pull request #N" or a squash title ending "(#N)".</summary>
    internal static int? PullNumber(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        var match = PullNumberPattern().Match(message.Split('\n', 2)[0]);
        return match.Success && int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    [GeneratedRegex(@"^Merge pull request #(?<n>\d{1,9})\b|\(#(?<n>\d{1,9})\)\s*$")]
    private static partial Regex PullNumberPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Requested {Target} at {Sha} ({Trigger}): {Receipt}")]
    private static partial void LogRequested(ILogger logger, string target, string sha, Trigger trigger, string receipt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reason}")]
    private static partial void LogNothing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Config of {Repo}@{Sha} is broken; nothing deployed: {Error}")]
    private static partial void LogBrokenConfig(ILogger logger, string repo, string sha, string error);
}
