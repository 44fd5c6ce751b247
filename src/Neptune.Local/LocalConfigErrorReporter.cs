using Microsoft.Extensions.Logging;
using Neptune.GitHub.Config;
using Neptune.GitHub.Intake;
using Neptune.Model;

namespace Neptune.Local;

/// <summary>
/// Shows a broken config file in local mode, where there is no check run to put it on: an error in the log naming the
/// repository, the commit, the file, line and reason, and the fix. Nothing of that commit deploys.
/// </summary>
public sealed partial class LocalConfigErrorReporter : IConfigErrorReporter
{
    private readonly ILogger<LocalConfigErrorReporter> _logger;

    /// <summary>Creates the reporter.</summary>
    public LocalConfigErrorReporter(ILogger<LocalConfigErrorReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public Task ReportAsync(RepoRef repo, string sha, RepoConfigException error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha);
        ArgumentNullException.ThrowIfNull(error);
        LogBroken(_logger, repo.FullName, Revision.Short(sha), error.Message, error.FileName);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Repo}@{Sha}: {Error}. Nothing of this commit was deployed; fix {File} and commit again on the default branch.")]
    private static partial void LogBroken(ILogger logger, string repo, string sha, string error, string file);
}
