using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.Git;
using Neptune.GitHub.Intake;
using Neptune.GitHub.Roots;
using Neptune.Model;

namespace Neptune.Local;

/// <summary>
/// Local mode's intake (spec §2 without GitHub): every <see cref="LocalRepoOptions.PollInterval"/> it reads the head
/// of each watched repository's default branch, and when it moved, hands <see cref="RevisionIntake.PushAsync"/> the
/// same <see cref="PushNotice"/> a push webhook would (<c>last seen..new head</c>, the head commit's committer and
/// message), so new commits deploy exactly as merges do: one revision per modified root, at the newest commit.
/// </summary>
/// <remarks>
/// The last seen head of every repository is kept in <see cref="LocalRepoOptions.StateFile"/>, so a restart neither
/// loses nor repeats commits. The first time a repository is seen (or after its path or branch changed) its current
/// head is recorded <b>without</b> being deployed: only commits made after that deploy. A head is recorded after
/// intake delivered its revisions; if Neptune dies in between, the next start delivers that push again (merges are
/// at least once, as webhook redeliveries are). Any failure (a repository deleted or locked, a broken state file) is
/// logged as a warning naming the repository's path, and tried again on the next poll; it never stops the host.
/// </remarks>
public sealed partial class LocalRepoWatcher : BackgroundService
{
    private readonly LocalRepoOptions _options;
    private readonly RevisionIntake _intake;
    private readonly LocalGit _git;
    private readonly LocalHeadStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalRepoWatcher> _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _problems = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, SeenHead>? _seen;
    private string? _stateProblem;

    /// <summary>Creates the watcher.</summary>
    /// <param name="options">The repositories and the interval.</param>
    /// <param name="git">How git runs (<c>Neptune:Git:Path</c>, <c>Neptune:Git:Timeout</c>).</param>
    /// <param name="intake">Turns pushes into revision requests.</param>
    /// <param name="timeProvider">Paces the polls.</param>
    /// <param name="logger">Logs what was found and every failure.</param>
    /// <param name="lifetime">When given, the first poll waits until the host has started (so the deploy host is running).</param>
    public LocalRepoWatcher(
        IOptions<LocalRepoOptions> options,
        IOptions<GitOptions> git,
        RevisionIntake intake,
        TimeProvider timeProvider,
        ILogger<LocalRepoWatcher> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _intake = intake;
        _time = timeProvider;
        _logger = logger;
        _lifetime = lifetime;
        _git = new LocalGit(git.Value, logger, timeProvider);
        _store = new LocalHeadStore(_options.StateFile ?? Path.Combine(LocalRepoOptions.DefaultDataDir, LocalRepoOptions.DefaultStateFileName));
    }

    /// <summary>The file holding the last seen heads.</summary>
    public string StateFile => _store.Path;

    /// <summary>Completes when the background loop finished its first poll (tests drive later polls with the time provider).</summary>
    internal Task FirstPollCompleted => _firstPoll.Task;

    /// <summary>
    /// Checks every repository once, delivering new commits to intake. Polls never overlap: a call made while another
    /// runs waits for it. Failures are logged and reported in the result, never thrown.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<LocalRepoPoll>> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!TryLoadState(out var seen))
            {
                return [.. _options.Repos.Select(r => new LocalRepoPoll(SafeName(r), SafePath(r), LocalRepoPollStatus.Failed, null, Problem: _stateProblem))];
            }

            var polls = new List<LocalRepoPoll>(_options.Repos.Count);
            foreach (var repo in _options.Repos)
            {
                polls.Add(await PollAsync(repo, seen, cancellationToken).ConfigureAwait(false));
            }

            return polls;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // No new poll once the host begins to stop: hosts stop in reverse order, so the deploy host registered after
        // this watcher may already be shutting down. A poll under way finishes (or fails and is retried at the next start).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _lifetime?.ApplicationStopping ?? CancellationToken.None);
        try
        {
            using var timer = new PeriodicTimer(_options.PollInterval, _time);
            if (_lifetime is not null)
            {
                await WhenStartedAsync(_lifetime, stopping.Token).ConfigureAwait(false);
            }

            LogWatching(_logger, _options.Repos.Count, string.Join(", ", _options.Repos.Select(r => $"{SafeName(r)} = {SafePath(r)} ({r.DefaultBranch})")), _options.PollInterval, _store.Path);
            do
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
                _firstPoll.TrySetResult();
            }
            while (!stopping.IsCancellationRequested && await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task WhenStartedAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    private async Task<LocalRepoPoll> PollAsync(LocalRepo repo, Dictionary<string, SeenHead> seen, CancellationToken cancellationToken)
    {
        var name = SafeName(repo);
        var path = SafePath(repo);
        try
        {
            var repoRef = RepoRef.Parse(name);
            var branch = repo.DefaultBranch;
            var head = await _git.ResolveCommitAsync(path, "refs/heads/" + branch, cancellationToken).ConfigureAwait(false);

            if (!seen.TryGetValue(name, out var last) || !string.Equals(last.Path, path, StringComparison.Ordinal) || !string.Equals(last.Branch, branch, StringComparison.Ordinal))
            {
                Record(seen, name, new SeenHead(path, branch, head));
                if (head is null)
                {
                    LogFirstSeenWithoutBranch(_logger, name, path, branch);
                }
                else
                {
                    LogFirstSeen(_logger, name, path, branch, head);
                }

                Recovered(name, path);
                return new LocalRepoPoll(name, path, LocalRepoPollStatus.FirstSeen, head);
            }

            if (head is null)
            {
                var missing = $"The branch {branch} does not exist in '{path}'" + (last.Head is null ? " yet; its first commit will deploy." : $" any more (last seen at {last.Head}); nothing deploys until it exists again.");
                if (last.Head is not null)
                {
                    Problem(name, missing);
                }

                return new LocalRepoPoll(name, path, LocalRepoPollStatus.BranchMissing, null, Problem: missing);
            }

            if (string.Equals(head, last.Head, StringComparison.OrdinalIgnoreCase))
            {
                Recovered(name, path);
                return new LocalRepoPoll(name, path, LocalRepoPollStatus.Unchanged, head);
            }

            var push = await PushAsync(repoRef, path, branch, last.Head, head, cancellationToken).ConfigureAwait(false);
            var outcome = await _intake.PushAsync(push, cancellationToken).ConfigureAwait(false);
            Record(seen, name, new SeenHead(path, branch, head));
            LogDelivered(_logger, name, path, branch, push.IsNewBranch ? "(new)" : Revision.Short(push.Before), Revision.Short(head), outcome.Requests.Count, outcome.Reason ?? "delivered");
            Recovered(name, path);
            return new LocalRepoPoll(name, path, LocalRepoPollStatus.Delivered, head, outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = e.Message;
            // git's and the state file's failures say all in their message; anything else is unexpected and keeps its stack.
            Problem(name, $"Could not check the local repository {name} at '{path}': {problem} Trying again every {_options.PollInterval}.", e is GitException or LocalStateException ? null : e);
            return new LocalRepoPoll(name, path, LocalRepoPollStatus.Failed, null, Problem: problem);
        }
    }

    /// <summary>The push a webhook would have sent for the branch moving from <paramref name="before"/> to <paramref name="head"/>.</summary>
    private async Task<PushNotice> PushAsync(RepoRef repo, string path, string branch, string? before, string head, CancellationToken cancellationToken)
    {
        var info = await _git.RequireAsync(path, $"read commit {head}", ["log", "-1", "--no-show-signature", "--format=%cn%x00%B", head], cancellationToken).ConfigureAwait(false);
        var parts = info.Split('\0', 2);
        var user = parts[0].Trim() is { Length: > 0 } committer ? committer : LocalRepo.DefaultOwner;
        var message = parts.Length > 1 ? parts[1].Trim() : null;
        var none = new string('0', head.Length);

        if (before is not null && await _git.ResolveCommitAsync(path, before, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new PushNotice(repo, branch, before, head, user, message);
        }

        // The branch is new, or the recorded head is gone (history rewritten and pruned): every file of the head is new
        // relative to what was seen, so no root is missed.
        if (before is not null)
        {
            LogHeadGone(_logger, repo.FullName, path, before);
        }

        var listing = await _git.RequireAsync(path, $"list the files of {head}", ["ls-tree", "-r", "-z", "--name-only", "--full-tree", head], cancellationToken).ConfigureAwait(false);
        var files = listing.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(file => new ChangedFile(file)).ToList();
        return new PushNotice(repo, branch, none, head, user, message, files);
    }

    private bool TryLoadState(out Dictionary<string, SeenHead> seen)
    {
        if (_seen is null)
        {
            try
            {
                _seen = _store.Load();
                _stateProblem = null;
            }
            catch (LocalStateException e)
            {
                if (_stateProblem != e.Message)
                {
                    _stateProblem = e.Message;
                    LogStateBroken(_logger, e.Message);
                }

                seen = null!;
                return false;
            }
        }

        seen = _seen;
        return true;
    }

    private void Record(Dictionary<string, SeenHead> seen, string name, SeenHead head)
    {
        seen[name] = head;
        try
        {
            _store.Save(seen);
        }
        catch (LocalStateException e)
        {
            // Kept in memory, so this process goes on correctly; the next successful save catches the file up.
            LogStateNotSaved(_logger, e.Message, name, head.Head ?? "(no branch)");
        }
    }

    /// <summary>Logs a problem once while it lasts, so a repository that stays broken does not flood the log every poll.</summary>
    private void Problem(string name, string problem, Exception? exception = null)
    {
        if (_problems.TryGetValue(name, out var known) && known == problem)
        {
            return;
        }

        _problems[name] = problem;
        LogProblem(_logger, exception, problem);
    }

    private void Recovered(string name, string path)
    {
        if (_problems.Remove(name))
        {
            LogRecovered(_logger, name, path);
        }
    }

    private static string SafeName(LocalRepo repo)
    {
        try
        {
            return repo.EffectiveName;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return repo.Name ?? repo.Path;
        }
    }

    private static string SafePath(LocalRepo repo)
    {
        try
        {
            return repo.FullPath;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return repo.Path;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local mode: watching {Count} repository(ies) ({Repos}) every {Interval}; last seen heads in {StateFile}.")]
    private static partial void LogWatching(ILogger logger, int count, string repos, TimeSpan interval, string stateFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "First look at {Repo} ('{Path}'): recorded {Branch} at {Head} without deploying it; commits made after it deploy.")]
    private static partial void LogFirstSeen(ILogger logger, string repo, string path, string branch, string head);

    [LoggerMessage(Level = LogLevel.Information, Message = "First look at {Repo} ('{Path}'): the branch {Branch} does not exist yet; its first commit will deploy.")]
    private static partial void LogFirstSeenWithoutBranch(ILogger logger, string repo, string path, string branch);

    [LoggerMessage(Level = LogLevel.Information, Message = "New commits on {Branch} of {Repo} ('{Path}') {Before}..{Head}: {Count} revision(s) requested; {Result}")]
    private static partial void LogDelivered(ILogger logger, string repo, string path, string branch, string before, string head, int count, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repo} ('{Path}'): the last seen head {Before} is no longer in the repository (history rewritten?); every file of the new head counts as changed.")]
    private static partial void LogHeadGone(ILogger logger, string repo, string path, string before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogProblem(ILogger logger, Exception? exception, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The local repository {Repo} ('{Path}') can be read again.")]
    private static partial void LogRecovered(ILogger logger, string repo, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem} Local mode polls nothing until the file is fixed; it tries again every poll.")]
    private static partial void LogStateBroken(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem} {Repo} is at {Head} in memory; a restart before the file is written again may deliver its last push again.")]
    private static partial void LogStateNotSaved(ILogger logger, string problem, string repo, string head);
}
