using Microsoft.Extensions.Options;

namespace Neptune.Git;

/// <summary>Validates options where an adapter is built, so one created without DI fails as early as one created with it.</summary>
internal static class GitOptionsGuard
{
    /// <summary>Returns <paramref name="options"/> when valid.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static GitOptions Validated(GitOptions options)
    {
        var validation = new GitOptionsValidator().Validate(Options.DefaultName, options);
        return validation.Failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(GitOptions), validation.Failures)
            : options;
    }
}
