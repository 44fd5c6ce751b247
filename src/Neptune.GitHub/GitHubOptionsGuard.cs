using Microsoft.Extensions.Options;

namespace Neptune.GitHub;

/// <summary>Validates options where an adapter is built, so one created without DI fails as early as one created with it.</summary>
internal static class GitHubOptionsGuard
{
    /// <summary>Returns <paramref name="options"/> when valid.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static GitHubOptions Validated(GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new GitHubOptionsValidator().Validate(Options.DefaultName, options);
        return validation.Failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(GitHubOptions), validation.Failures)
            : options;
    }
}
