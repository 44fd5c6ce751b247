using Microsoft.Extensions.Options;
using Neptune.Model;

namespace Neptune.Local;

/// <summary>Checks <see cref="LocalRepoOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class LocalRepoOptionsValidator : IValidateOptions<LocalRepoOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalRepoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = LocalRepoOptions.SectionName;
        var failures = new List<string>();

        if (options.Repos.Count == 0)
        {
            failures.Add($"{Section}:Repos lists no repository; add one, e.g. --{Section}:Repos:0:Path=/path/to/repo, or remove the {Section} section to turn local mode off.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:PollInterval is {options.PollInterval}; set it above zero (e.g. 00:00:02), how often each repository is checked for new commits.");
        }

        if (options.StateFile is { } stateFile && string.IsNullOrWhiteSpace(stateFile))
        {
            failures.Add($"{Section}:StateFile is blank; set it to a file path, or remove the key to keep the file under Neptune:DataDir.");
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Repos.Count; i++)
        {
            if (Validate(options.Repos[i], $"{Section}:Repos:{i}", failures) is { } repoName)
            {
                if (names.TryGetValue(repoName, out var first))
                {
                    failures.Add($"{Section}:Repos:{i} and {Section}:Repos:{first} are both named '{repoName}'; every repository needs its own name (set {Section}:Repos:{i}:Name, e.g. 'local/other-infra').");
                }
                else
                {
                    names[repoName] = i;
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Checks one repository; returns its name when it is valid, for the duplicate check.</summary>
    private static string? Validate(LocalRepo? repo, string key, List<string> failures)
    {
        if (repo is null)
        {
            failures.Add($"{key} is empty; give it a Path.");
            return null;
        }

        var branch = repo.DefaultBranch;
        if (string.IsNullOrWhiteSpace(branch) || branch.StartsWith('-') || branch.Contains("..", StringComparison.Ordinal)
            || branch.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
        {
            failures.Add($"{key}:DefaultBranch is '{branch}', which is not a branch name; set it to the branch whose commits deploy (default '{LocalRepo.DefaultBranchName}').");
        }

        if (string.IsNullOrWhiteSpace(repo.Path))
        {
            failures.Add($"{key}:Path is empty; set it to the directory of a git repository on this machine.");
            return null;
        }

        string path;
        try
        {
            path = repo.FullPath;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            failures.Add($"{key}:Path '{repo.Path}' is not a usable path: {e.Message}");
            return null;
        }

        if (!Directory.Exists(path))
        {
            failures.Add($"{key}:Path '{repo.Path}' does not exist (resolved to '{path}'); create the repository (git init) or fix the path.");
        }
        else if (!IsGitRepository(path))
        {
            failures.Add($"{key}:Path '{path}' is not a git repository (no .git in it, and not a bare repository); run 'git init' there or point at the repository's top directory.");
        }

        var repoName = repo.EffectiveName;
        try
        {
            RepoRef.Parse(repoName);
        }
        catch (ArgumentException e)
        {
            var fix = string.IsNullOrWhiteSpace(repo.Name)
                ? $"the folder name does not make a valid one; set {key}:Name to 'owner/repo' (letters, digits, '-', '_' and '.')"
                : "set it to 'owner/repo' (letters, digits, '-', '_' and '.')";
            failures.Add($"{key}:Name '{repoName}' is not a repository name: {e.Message.Split(" (Parameter", 2)[0]} To fix: {fix}.");
            return null;
        }

        return repoName;
    }

    /// <summary>A working copy (a <c>.git</c> directory, or a <c>.git</c> file of a linked worktree) or a bare repository.</summary>
    internal static bool IsGitRepository(string path) =>
        Directory.Exists(System.IO.Path.Combine(path, ".git"))
        || File.Exists(System.IO.Path.Combine(path, ".git"))
        || (File.Exists(System.IO.Path.Combine(path, "HEAD")) && Directory.Exists(System.IO.Path.Combine(path, "objects")) && Directory.Exists(System.IO.Path.Combine(path, "refs")));
}
