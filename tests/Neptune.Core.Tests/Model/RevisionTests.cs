using Neptune.Model;

namespace Neptune.Tests.Model;

public class RevisionTests
{
    [Fact]
    public void A_full_lower_case_sha1_is_returned_unchanged()
    {
        Assert.Equal(TestData.ShaA, Revision.Normalize(TestData.ShaA));
    }

    [Fact]
    public void Upper_case_hex_is_normalized_to_lower_case()
    {
        Assert.Equal(TestData.ShaA, Revision.Normalize(TestData.ShaA.ToUpperInvariant()));
    }

    [Fact]
    public void A_64_character_sha256_commit_id_is_accepted()
    {
        const string sha256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

        Assert.Equal(sha256.ToLowerInvariant(), Revision.Normalize(sha256));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_revision_is_refused(string? sha)
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize(sha));

        Assert.Contains("must not be empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_abbreviated_7_character_id_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize("3f78685"));

        Assert.Contains("'3f78685' is 7 characters long", e.Message, StringComparison.Ordinal);
        Assert.Contains("40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_41_character_id_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize(TestData.ShaA + "0"));

        Assert.Contains("41 characters long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_id_is_refused_without_putting_it_whole_in_the_message()
    {
        var huge = new string('a', 10_000);

        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize(huge));

        Assert.Contains("10000 characters long", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(huge, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, $"The message is {e.Message.Length} characters long.");
    }

    [Theory]
    [InlineData("3f786850e387550fdab836ed7e6dc881de23001g", "'g'")]
    [InlineData("3f786850e387550fdab836ed7e6dc881de23001 ", "' '")]
    [InlineData("3f786850-387550fdab836ed7e6dc881de23001b", "'-'")]
    public void A_non_hex_character_is_refused_and_named(string sha, string character)
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize(sha));

        Assert.Contains($"contains {character}, which is not a hex digit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_names_the_callers_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => Revision.Normalize("abc", "headSha"));

        Assert.Equal("headSha", e.ParamName);
    }

    [Fact]
    public void Short_is_the_first_seven_characters()
    {
        Assert.Equal("3f78685", Revision.Short(TestData.ShaA));
    }
}
