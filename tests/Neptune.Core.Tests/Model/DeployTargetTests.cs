using CsCheck;
using Neptune.Model;

namespace Neptune.Tests.Model;

public class DeployTargetTests
{
    [Fact]
    public void Id_is_owner_slash_repo_double_pipe_root()
    {
        var target = new DeployTarget(new RepoRef("acme", "infra"), "network");

        Assert.Equal("acme/infra||network", target.Id);
        Assert.Equal("acme/infra||network", target.ToString());
    }

    [Theory]
    [InlineData("acme/infra||network", "acme", "infra", "network")]
    [InlineData("my-org/tf.repo_1||prod us-east-1", "my-org", "tf.repo_1", "prod us-east-1")]
    [InlineData("A1/b-2||root.with.dots", "A1", "b-2", "root.with.dots")]
    public void Parse_reads_owner_repo_and_root_and_round_trips(string id, string owner, string repo, string root)
    {
        var target = DeployTarget.Parse(id);

        Assert.Equal(owner, target.Repo.Owner);
        Assert.Equal(repo, target.Repo.Name);
        Assert.Equal(root, target.Root);
        Assert.Equal(id, target.Id);
        Assert.Equal(target, DeployTarget.Parse(target.Id));
    }

    [Fact]
    public void Any_valid_target_survives_format_then_parse()
    {
        var segmentChars = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."];
        var segment = segmentChars.Array[1, 30].Select(c => new string(c)).Where(s => s is not "." and not "..");
        // Root names are free text apart from '||', path separators and control characters; single pipes are fine.
        var root = Gen.Char["abcxyz019 -_.|:@"].Array[1, 40].Select(c => new string(c))
            .Where(s => !string.IsNullOrWhiteSpace(s) && !s.Contains("||", StringComparison.Ordinal));

        Gen.Select(segment, segment, root).Sample((owner, name, r) =>
        {
            var target = new DeployTarget(new RepoRef(owner, name), r);

            var parsed = DeployTarget.Parse(target.Id);

            Assert.Equal(target, parsed);
            Assert.True(DeployTarget.TryParse(target.Id, out var tried));
            Assert.Equal(target, tried);
        });
    }

    public static TheoryData<string, string> MalformedIds() => new()
    {
        { "acme/infra|network", "expected 'owner/repo||root'" },
        { "acme/infra", "expected 'owner/repo||root'" },
        { "/infra||network", "of the form 'owner/name'" },
        { "acme/||network", "of the form 'owner/name'" },
        { "acmeinfra||network", "of the form 'owner/name'" },
        { "a/b/c||r", "of the form 'owner/name'" },
        { "acme/infra||", "root name must not be empty" },
        { "acme/infra||   ", "root name must not be empty" },
        { "acme/infra||a||b", "contains '||'" },
        { "acme/infra||net\nwork", "control character" },
        { "acme/infra||net\u0000work", "control character" },
        { "acme/infra||envs/prod", "path separator" },
        { "ac me/infra||network", "contains ' '" },
        { "acme/infra||" + new string('r', 101), "101 characters long; at most 100" },
        { new string('o', 101) + "/infra||network", "101 characters long; at most 100" },
    };

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public void Malformed_id_is_refused_with_a_message_naming_the_problem(string id, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => DeployTarget.Parse(id));

        Assert.Contains("is not a target id", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal("id", e.ParamName);
        Assert.False(DeployTarget.TryParse(id, out var target));
        Assert.Null(target);
    }

    [Fact]
    public void A_huge_id_is_not_echoed_whole_in_the_error()
    {
        var id = "acme/infra||" + new string('r', 10_000);

        var e = Assert.Throws<ArgumentException>(() => DeployTarget.Parse(id));

        Assert.Contains("10000 characters long", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, $"The message is {e.Message.Length} characters long.");
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(DeployTarget.TryParse(null, out var target));
        Assert.Null(target);
    }

    [Theory]
    [InlineData("envs/prod")]
    [InlineData("envs\\prod")]
    [InlineData("a||b")]
    [InlineData("")]
    public void Constructor_refuses_root_names_that_cannot_be_part_of_an_id(string root)
    {
        var e = Assert.Throws<ArgumentException>(() => new DeployTarget(TestData.Repo, root));

        Assert.Equal("root", e.ParamName);
    }

    [Fact]
    public void Targets_with_the_same_repo_and_root_are_equal()
    {
        Assert.Equal(new DeployTarget(new RepoRef("acme", "infra"), "network"), new DeployTarget(new RepoRef("acme", "infra"), "network"));
        Assert.NotEqual(new DeployTarget(new RepoRef("acme", "infra"), "network"), new DeployTarget(new RepoRef("acme", "infra"), "dns"));
    }
}
