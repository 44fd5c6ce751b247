using Microsoft.Extensions.Options;
using Neptune.Model;

namespace Neptune.Git;

/// <summary>The default <see cref="IGitTokenSource"/>: the fixed <see cref="GitOptions.Token"/> for every repository.</summary>
public sealed class ConfiguredGitTokenSource : IGitTokenSource
{
    private readonly string? _token;

    /// <summary>Creates the source from <paramref name="options"/>.</summary>
    public ConfiguredGitTokenSource(IOptions<GitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _token = options.Value.Token;
    }

    /// <inheritdoc />
    public ValueTask<string?> GetTokenAsync(RepoRef repo, CancellationToken cancellationToken) => ValueTask.FromResult(_token);
}
