using System.Text.RegularExpressions;
using Neptune.Model;

namespace Neptune.Git;

/// <summary>Where one repository is fetched from: the URL handed to git, its kind, and its local path if it has one.</summary>
/// <param name="Url">The URL or path exactly as git receives it.</param>
/// <param name="Kind">Which kind of place <paramref name="Url"/> points to.</param>
/// <param name="LocalPath">The repository's directory for <see cref="GitRemoteKind.Local"/>; otherwise null.</param>
internal sealed partial record GitRemote(string Url, GitRemoteKind Kind, string? LocalPath)
{
    /// <summary>The remote of <paramref name="repo"/>: its entry in <see cref="GitOptions.Repositories"/>, else the expanded template.</summary>
    /// <exception cref="ArgumentException">The configured URL is not usable (options were not validated).</exception>
    public static GitRemote For(GitOptions options, RepoRef repo)
    {
        var url = Expand(options.Repositories.TryGetValue(repo.FullName, out var overridden) ? overridden : options.CloneUrl, repo);
        return TryParse(url, out var remote, out var problem)
            ? remote
            : throw new ArgumentException($"The git URL of {repo} {problem}");
    }

    /// <summary>Replaces the placeholders of <paramref name="template"/> with the parts of <paramref name="repo"/>.</summary>
    public static string Expand(string template, RepoRef repo) => template
        .Replace(GitOptions.OwnerPlaceholder, repo.Owner, StringComparison.Ordinal)
        .Replace(GitOptions.RepoPlaceholder, repo.Name, StringComparison.Ordinal);

    /// <summary>
    /// Classifies <paramref name="url"/>; on failure <paramref name="problem"/> completes a sentence that starts
    /// with the key's name ("… is '…', which …").
    /// </summary>
    public static bool TryParse(string url, out GitRemote remote, out string? problem)
    {
        remote = null!;
        problem = null;
        if (url.Any(char.IsControl) || url.Trim() != url || url.StartsWith('-'))
        {
            problem = $"is '{Redact(url)}', which starts with '-', has surrounding blanks or holds control characters.";
            return false;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? url[..end].ToLowerInvariant() : null;
        switch (scheme)
        {
            case "https" or "http" or "ssh" or "git":
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                {
                    problem = $"is '{Redact(url)}', which is not a valid {scheme}:// URL.";
                    return false;
                }

                if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
                {
                    problem = $"is '{Redact(url)}', which carries a password; put the token in {GitOptions.SectionName}:Token instead, so it never shows in arguments or logs.";
                    return false;
                }

                remote = new GitRemote(url, scheme == "https" ? GitRemoteKind.Https : GitRemoteKind.Network, null);
                return true;
            case "file":
                if (!Uri.TryCreate(url, UriKind.Absolute, out var file) || !file.IsFile || !Path.IsPathFullyQualified(file.LocalPath))
                {
                    problem = $"is '{url}', which is not a valid file:// URL of an absolute path (e.g. 'file:///srv/repos/{{owner}}/{{repo}}.git').";
                    return false;
                }

                remote = new GitRemote(url, GitRemoteKind.Local, Path.GetFullPath(file.LocalPath));
                return true;
            case null when Path.IsPathFullyQualified(url):
                remote = new GitRemote(url, GitRemoteKind.Local, Path.GetFullPath(url));
                return true;
            case null when ScpLikeAddress().IsMatch(url):
                remote = new GitRemote(url, GitRemoteKind.Network, null);
                return true;
            default:
                problem = $"is '{Redact(url)}', which is neither an https://, http://, ssh://, git:// or file:// URL, a user@host:path address, nor an absolute path.";
                return false;
        }
    }

    /// <summary>Hides the user part of a URL (<c>https://user:secret@host</c> → <c>https://***@host</c>) for messages.</summary>
    public static string Redact(string url) => UserInfo().Replace(url, "://***@");

    [GeneratedRegex("^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:")]
    private static partial Regex ScpLikeAddress();

    [GeneratedRegex("://[^/@]*@")]
    private static partial Regex UserInfo();
}
