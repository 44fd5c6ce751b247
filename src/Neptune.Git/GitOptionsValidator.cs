using Microsoft.Extensions.Options;
using Neptune.Model;

namespace Neptune.Git;

/// <summary>Checks <see cref="GitOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class GitOptionsValidator : IValidateOptions<GitOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = GitOptions.SectionName;
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{Section}:Path is empty; set it to the git executable (a name on PATH such as 'git', or a full path).");
        }

        ValidateCloneUrl(options.CloneUrl, failures);

        foreach (var (key, url) in options.Repositories)
        {
            ValidateOverride(key, url, failures);
        }

        if (options.Token is { } token && (string.IsNullOrWhiteSpace(token) || token.Any(char.IsControl)))
        {
            failures.Add($"{Section}:Token is blank or holds control characters; set it to the GitHub token, or remove the key to fetch anonymously.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:Timeout is {options.Timeout}; set it above zero (e.g. 00:10:00), the time one fetch or compare may take.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCloneUrl(string? template, List<string> failures)
    {
        const string Key = GitOptions.SectionName + ":CloneUrl";
        if (string.IsNullOrWhiteSpace(template))
        {
            failures.Add($"{Key} is empty; set it to a URL template such as '{GitOptions.DefaultCloneUrl}' or '/srv/repos/{{owner}}/{{repo}}.git'.");
            return;
        }

        if (!template.Contains(GitOptions.OwnerPlaceholder, StringComparison.Ordinal) || !template.Contains(GitOptions.RepoPlaceholder, StringComparison.Ordinal))
        {
            failures.Add($"{Key} must contain {GitOptions.OwnerPlaceholder} and {GitOptions.RepoPlaceholder}, e.g. '{GitOptions.DefaultCloneUrl}' or 'file:///srv/repos/{{owner}}/{{repo}}.git'; it is '{GitRemote.Redact(template)}'. Use {GitOptions.SectionName}:Repositories for a URL of one repository.");
            return;
        }

        var sample = GitRemote.Expand(template, new RepoRef("owner", "repo"));
        if (!GitRemote.TryParse(sample, out _, out var problem))
        {
            failures.Add($"{Key} {problem}");
        }
    }

    private static void ValidateOverride(string key, string? url, List<string> failures)
    {
        const string Key = GitOptions.SectionName + ":Repositories";
        try
        {
            RepoRef.Parse(key);
        }
        catch (ArgumentException)
        {
            failures.Add($"{Key} has the key '{key}', which is not a repository name of the form 'owner/repo'.");
            return;
        }

        if (string.IsNullOrWhiteSpace(url))
        {
            failures.Add($"{Key}:{key} is empty; set it to the repository's URL or local path, or remove the key to use {GitOptions.SectionName}:CloneUrl.");
        }
        else if (!GitRemote.TryParse(GitRemote.Expand(url, RepoRef.Parse(key)), out _, out var problem))
        {
            failures.Add($"{Key}:{key} {problem}");
        }
    }
}
