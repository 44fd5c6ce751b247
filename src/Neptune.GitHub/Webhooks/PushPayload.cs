using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neptune.GitHub.Webhooks;

/// <summary>
/// The members of a <c>push</c> delivery that <see cref="GitHubWebhookHandler"/> uses, read straight from the UTF-8 body.
/// Pushes are the busiest event, and reading GitHub's whole push model (Octokit.Webhooks' <c>PushEvent</c>, with its
/// repository of about a hundred members) took most of the handler's time; other members are skipped unread. The
/// members Octokit.Webhooks requires are required here too, so a payload it refused is still refused.
/// </summary>
internal sealed class PushPayload
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The ref pushed, e.g. <c>refs/heads/main</c>.</summary>
    [JsonPropertyName("ref")]
    [JsonRequired]
    public string Ref { get; init; } = string.Empty;

    /// <summary>The ref's revision before the push.</summary>
    [JsonPropertyName("before")]
    [JsonRequired]
    public string Before { get; init; } = string.Empty;

    /// <summary>The pushed revision.</summary>
    [JsonPropertyName("after")]
    [JsonRequired]
    public string After { get; init; } = string.Empty;

    /// <summary>Whether the push deleted the ref.</summary>
    [JsonPropertyName("deleted")]
    public bool Deleted { get; init; }

    /// <summary>Whether the push was forced.</summary>
    [JsonPropertyName("forced")]
    public bool Forced { get; init; }

    /// <summary>The repository pushed to.</summary>
    [JsonPropertyName("repository")]
    public PushRepository? Repository { get; init; }

    /// <summary>The compare URL (not used; required as in Octokit.Webhooks).</summary>
    [JsonPropertyName("compare")]
    [JsonRequired]
    public string? Compare { get; init; }

    /// <summary>The pushed commits (GitHub lists at most 20, and none past 2,048).</summary>
    [JsonPropertyName("commits")]
    [JsonRequired]
    public IReadOnlyList<PushCommit>? Commits { get; init; }

    /// <summary>The head commit, when the ref still exists.</summary>
    [JsonPropertyName("head_commit")]
    public PushCommit? HeadCommit { get; init; }

    /// <summary>The user who pushed (the webhook's sender).</summary>
    [JsonPropertyName("sender")]
    public PushSender? Sender { get; init; }

    /// <summary>The git identity that pushed.</summary>
    [JsonPropertyName("pusher")]
    [JsonRequired]
    public PushPusher? Pusher { get; init; }

    /// <summary>Reads a push delivery's body.</summary>
    /// <exception cref="DecoderFallbackException">The body is not UTF-8.</exception>
    /// <exception cref="JsonException">The body is not JSON, is <c>null</c>, or lacks a required member.</exception>
    public static PushPayload Parse(ReadOnlyMemory<byte> body)
    {
        // The same check as decoding the body to text, without making the text.
        _ = StrictUtf8.GetCharCount(body.Span);
        return JsonSerializer.Deserialize(body.Span, PushPayloadJsonContext.Default.PushPayload)
            ?? throw new JsonException("The payload is empty (null).");
    }
}

/// <summary>The repository of a push.</summary>
internal sealed class PushRepository
{
    /// <summary><c>owner/repo</c>.</summary>
    [JsonPropertyName("full_name")]
    public string? FullName { get; init; }

    /// <summary>The repository's default branch.</summary>
    [JsonPropertyName("default_branch")]
    public string? DefaultBranch { get; init; }
}

/// <summary>One pushed commit: its message and the files it changed.</summary>
internal sealed class PushCommit
{
    /// <summary>The commit message.</summary>
    [JsonPropertyName("message")]
    [JsonRequired]
    public string? Message { get; init; }

    /// <summary>Files added.</summary>
    [JsonPropertyName("added")]
    [JsonRequired]
    public IReadOnlyList<string>? Added { get; init; }

    /// <summary>Files removed.</summary>
    [JsonPropertyName("removed")]
    [JsonRequired]
    public IReadOnlyList<string>? Removed { get; init; }

    /// <summary>Files modified.</summary>
    [JsonPropertyName("modified")]
    [JsonRequired]
    public IReadOnlyList<string>? Modified { get; init; }
}

/// <summary>The GitHub user who pushed.</summary>
internal sealed class PushSender
{
    /// <summary>The user's login.</summary>
    [JsonPropertyName("login")]
    public string? Login { get; init; }
}

/// <summary>The git identity that pushed.</summary>
internal sealed class PushPusher
{
    /// <summary>The name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The GitHub username, when GitHub knows it.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }
}

/// <summary>Source-generated reading of <see cref="PushPayload"/>.</summary>
[JsonSerializable(typeof(PushPayload))]
internal sealed partial class PushPayloadJsonContext : JsonSerializerContext;
