using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Neptune.GitHub.Webhooks;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace Neptune.GitHub.Tests.Webhooks;

/// <summary>A push read by <see cref="PushPayload"/> says what Octokit.Webhooks' <see cref="PushEvent"/> says of it.</summary>
public sealed class PushPayloadTests
{
    public static TheoryData<string> Variants() => ["as is", "forced", "deleted", "tag", "no sender", "no commits", "two commits"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Reads_what_Octokit_reads(string variant)
    {
        var body = Encoding.UTF8.GetBytes(Push(variant).ToJsonString());

        var ours = PushPayload.Parse(body);
        var octokit = (PushEvent)new OctokitParser().Parse(body);

        Assert.Equal(octokit.Ref, ours.Ref);
        Assert.Equal(octokit.Before, ours.Before);
        Assert.Equal(octokit.After, ours.After);
        Assert.Equal(octokit.Deleted, ours.Deleted);
        Assert.Equal(octokit.Forced, ours.Forced);
        Assert.Equal(octokit.Repository!.FullName, ours.Repository!.FullName);
        Assert.Equal(octokit.Repository.DefaultBranch, ours.Repository.DefaultBranch);
        Assert.Equal(octokit.HeadCommit?.Message, ours.HeadCommit?.Message);
        Assert.Equal(octokit.Sender?.Login, ours.Sender?.Login);
        Assert.Equal(octokit.Pusher.Name, ours.Pusher!.Name);
        Assert.Equal(octokit.Pusher.Username, ours.Pusher.Username);
        Assert.Equal(
            octokit.Commits.Select(c => ((string?)c.Message, string.Join(',', c.Added), string.Join(',', c.Removed), string.Join(',', c.Modified))),
            ours.Commits!.Select(c => (c.Message, string.Join(',', c.Added!), string.Join(',', c.Removed!), string.Join(',', c.Modified!))));
    }

    [Fact]
    public void Push_without_a_repository_names_none()
    {
        var push = Push("as is");
        push.Remove("repository");

        Assert.Null(PushPayload.Parse(Encoding.UTF8.GetBytes(push.ToJsonString())).Repository);
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("before")]
    [InlineData("after")]
    [InlineData("pusher")]
    [InlineData("compare")]
    [InlineData("commits")]
    [InlineData("commits/added")]
    [InlineData("commits/removed")]
    [InlineData("commits/modified")]
    [InlineData("commits/message")]
    public void Push_without_a_member_Octokit_requires_cannot_be_read(string member)
    {
        var push = Push("as is");
        var parts = member.Split('/');
        (parts.Length == 1 ? push : push[parts[0]]![0]!.AsObject()).Remove(parts[^1]);
        var body = Encoding.UTF8.GetBytes(push.ToJsonString());

        Assert.Throws<JsonException>(() => new OctokitParser().Parse(body));
        Assert.Throws<JsonException>(() => PushPayload.Parse(body));
    }

    [Fact]
    public void Body_that_is_not_utf8_cannot_be_read() =>
        Assert.Throws<DecoderFallbackException>(() => PushPayload.Parse(new byte[] { 0x7b, 0xff, 0xfe, 0x7d }));

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"ref\": ")]
    public void Body_that_is_not_a_push_object_cannot_be_read(string body) =>
        Assert.Throws<JsonException>(() => PushPayload.Parse(Encoding.UTF8.GetBytes(body)));

    /// <summary>GitHub's push example (the gateway tests' fixture), changed as <paramref name="variant"/> says.</summary>
    private static JsonObject Push(string variant)
    {
        var push = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures", "push.json")))!.AsObject();
        switch (variant)
        {
            case "forced":
                push["forced"] = true;
                break;
            case "deleted":
                push["deleted"] = true;
                push["after"] = new string('0', 40);
                push["head_commit"] = null;
                push["commits"] = new JsonArray();
                break;
            case "tag":
                push["ref"] = "refs/tags/v1.0";
                break;
            case "no sender":
                push.Remove("sender");
                break;
            case "no commits":
                push["commits"] = new JsonArray();
                break;
            case "two commits":
                var second = push["commits"]![0]!.DeepClone().AsObject();
                second["message"] = "second";
                second["added"] = new JsonArray("envs/prod/main.tf");
                push["commits"]!.AsArray().Add(second);
                break;
        }

        return push;
    }

    /// <summary>How the handler reads events other than pushes (and read pushes before <see cref="PushPayload"/>).</summary>
    private sealed class OctokitParser : WebhookEventProcessor
    {
        public WebhookEvent Parse(byte[] body) =>
            DeserializeWebhookEvent(WebhookHeaders.Parse(new Dictionary<string, StringValues> { ["X-GitHub-Event"] = "push" }), Encoding.UTF8.GetString(body))!;
    }
}
