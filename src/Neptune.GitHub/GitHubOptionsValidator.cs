using Microsoft.Extensions.Options;
using Neptune.GitHub.Auth;

namespace Neptune.GitHub;

/// <summary>Checks <see cref="GitHubOptions"/> at start, with messages that name the key and the fix.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = GitHubOptions.SectionName;
        var failures = new List<string>();

        ValidateUrl(Section + ":ApiUrl", options.ApiUrl, GitHubOptions.DefaultApiUrl + "' or 'https://github.example.com/api/v3/", failures);
        ValidateUrl(Section + ":WebUrl", options.WebUrl, GitHubOptions.DefaultWebUrl, failures);
        ValidateUrl(Section + ":NeptuneBaseUrl", options.NeptuneBaseUrl, GitHubOptions.DefaultNeptuneBaseUrl, failures);

        ValidateAuth(options, failures);

        if (options.MaxAttempts < 1)
        {
            failures.Add($"{Section}:MaxAttempts is {options.MaxAttempts}; set it to 1 or more (1 means no retry), e.g. {GitHubOptions.DefaultMaxAttempts}.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RetryBaseDelay is {options.RetryBaseDelay}; set it above zero, e.g. 00:00:01.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{Section}:RetryMaxDelay is {options.RetryMaxDelay}; set it to at least {Section}:RetryBaseDelay ({options.RetryBaseDelay}), e.g. 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAuth(GitHubOptions options, List<string> failures)
    {
        const string Section = GitHubOptions.SectionName;
        var appConfigured = options.AppId is not null || options.PrivateKeyPath is not null;
        if (options.Token is not null && appConfigured)
        {
            failures.Add($"{Section}:Token and {Section}:AppId/{Section}:PrivateKeyPath are all set; choose one way to authenticate: remove the Token to use the GitHub App, or remove AppId and PrivateKeyPath to use the token.");
            return;
        }

        if (options.Token is not null)
        {
            if (string.IsNullOrWhiteSpace(options.Token) || options.Token.Any(char.IsControl) || options.Token.Any(char.IsWhiteSpace))
            {
                failures.Add($"{Section}:Token is blank or holds spaces or control characters; set it to the GitHub token.");
            }

            return;
        }

        if (!appConfigured)
        {
            failures.Add($"{Section}:Token is not set, nor are {Section}:AppId and {Section}:PrivateKeyPath; set either AppId and PrivateKeyPath to a GitHub App's id and private key file (.pem), or Token to a GitHub token with the checks:write and contents:read permissions.");
            return;
        }

        if (options.AppId is not { } appId)
        {
            failures.Add($"{Section}:PrivateKeyPath is set but {Section}:AppId is not; set AppId to the GitHub App's id (on the App's settings page).");
        }
        else if (appId <= 0)
        {
            failures.Add($"{Section}:AppId is {appId}; set it to the GitHub App's id (a positive number, on the App's settings page).");
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            failures.Add($"{Section}:PrivateKeyPath is not set but {Section}:AppId is; set it to the path of the GitHub App's private key (.pem), generated on the App's settings page.");
        }
        else if (GitHubAppJwt.KeyProblem(options.PrivateKeyPath) is { } problem)
        {
            failures.Add($"{Section}:PrivateKeyPath is '{options.PrivateKeyPath}', {problem}; set it to the GitHub App's private key file (.pem, 'BEGIN RSA PRIVATE KEY'), generated on the App's settings page.");
        }
    }

    private static void ValidateUrl(string key, string? value, string example, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is empty; set it to an absolute http(s) URL such as '{example}'.");
            return;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} is '{value}', which is not an absolute http(s) URL; set it to a URL such as '{example}'.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{key} is '{uri.Scheme}://{uri.Authority}/…' with credentials, a query or a fragment; set it to a plain base URL such as '{example}'.");
        }
    }
}
