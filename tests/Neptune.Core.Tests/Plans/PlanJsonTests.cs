using System.Text;
using Neptune.Plans;

namespace Neptune.Tests.Plans;

public class PlanJsonTests
{
    private static PlanSummary ReadableSummary(string json)
    {
        var reading = PlanJson.Read(json);
        Assert.True(reading.IsReadable, reading.Error);
        return reading.Summary;
    }

    private static string UnreadableReason(string json)
    {
        var reading = PlanJson.Read(json);
        Assert.False(reading.IsReadable, $"Expected unreadable, got {reading.Summary}");
        Assert.Null(reading.Summary);
        Assert.False(string.IsNullOrWhiteSpace(reading.Error));
        return reading.Error;
    }

    [Fact]
    public void Counts_each_kind_of_change_the_way_terraform_prints_it()
    {
        // create → add; update → change; delete → destroy; replace → add and destroy; no-op → nothing.
        Assert.Equal(new PlanSummary(Creations: 2, Updates: 1, Deletions: 2), ReadableSummary(PlanDocuments.Mixed));
    }

    [Fact]
    public void Reads_utf8_bytes_the_same_as_text()
    {
        Assert.Equal(PlanJson.Read(PlanDocuments.Mixed), PlanJson.Read(Encoding.UTF8.GetBytes(PlanDocuments.Mixed)));
    }

    [Fact]
    public void A_create_is_one_to_add()
    {
        Assert.Equal(new PlanSummary(1, 0, 0), ReadableSummary(PlanDocuments.WithActions(["create"])));
    }

    [Fact]
    public void A_delete_is_one_to_destroy()
    {
        Assert.Equal(new PlanSummary(0, 0, 1), ReadableSummary(PlanDocuments.WithActions(["delete"])));
    }

    [Fact]
    public void An_update_is_one_to_change()
    {
        Assert.Equal(new PlanSummary(0, 1, 0), ReadableSummary(PlanDocuments.WithActions(["update"])));
    }

    [Theory]
    [InlineData("delete", "create")]
    [InlineData("create", "delete")]
    public void A_replace_in_either_order_counts_as_add_and_destroy(string first, string second)
    {
        var summary = ReadableSummary(PlanDocuments.WithActions([first, second]));

        Assert.Equal(new PlanSummary(1, 0, 1), summary);
        Assert.Equal("Plan: 1 to add, 0 to change, 1 to destroy.", summary.Text);
    }

    [Fact]
    public void No_op_and_read_changes_are_no_changes()
    {
        var summary = ReadableSummary(PlanDocuments.WithActions(["no-op"], ["read"], ["no-op"]));

        Assert.False(summary.HasChanges);
        Assert.Equal(PlanSummary.NoChanges, summary);
    }

    [Fact]
    public void An_outputs_only_plan_without_resource_changes_is_no_changes()
    {
        Assert.False(ReadableSummary(PlanDocuments.OutputsOnly).HasChanges);
    }

    [Fact]
    public void An_empty_resource_changes_array_is_no_changes()
    {
        Assert.False(ReadableSummary(PlanDocuments.WithActions()).HasChanges);
    }

    [Fact]
    public void Empty_output_is_unreadable()
    {
        Assert.Contains("printed nothing", UnreadableReason(""), StringComparison.Ordinal);
        Assert.False(PlanJson.Read(ReadOnlySpan<byte>.Empty).IsReadable);
    }

    [Theory]
    [InlineData("{\"format_version\": \"1.2\", \"resource_changes\": [")]
    [InlineData("Error: Failed to load plugin schemas")]
    [InlineData("{'format_version': '1.2'}")]
    public void Malformed_json_is_unreadable(string json)
    {
        Assert.Contains("invalid JSON", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\nWarning: something went wrong")]
    [InlineData("\n{\"format_version\":\"1.2\"}")]
    public void Text_after_the_json_document_is_unreadable_not_no_changes(string trailer)
    {
        // e.g. a warning printed to stdout after the plan document: the output as a whole is not the plan.
        var json = "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\"}" + trailer;

        Assert.Contains("invalid JSON", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_whitespace_after_the_document_is_fine()
    {
        Assert.Equal(new PlanSummary(2, 1, 2), ReadableSummary(PlanDocuments.Mixed + "\n\r\n  "));
    }

    [Theory]
    [InlineData("[]", "Array")]
    [InlineData("\"plan\"", "String")]
    [InlineData("null", "Null")]
    [InlineData("42", "Number")]
    public void A_document_that_is_not_an_object_is_unreadable(string json, string kind)
    {
        Assert.Contains($"is a {kind}, not an object", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_format_version_is_unreadable()
    {
        var json = """{"terraform_version":"1.9.8","resource_changes":[]}""";

        Assert.Contains("no 'format_version'", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_object_is_unreadable_not_no_changes()
    {
        Assert.Contains("format_version", UnreadableReason("{}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"format_version":"1.2","resource_changes":[{"address":"null_resource.a","change":{}}]}""")]
    [InlineData("""{"format_version":"1.2","resource_changes":[{"address":"null_resource.a"}]}""")]
    [InlineData("""{"format_version":"1.2","resource_changes":[{"address":"null_resource.a","change":{"actions":"create"}}]}""")]
    [InlineData("""{"format_version":"1.2","resource_changes":["null_resource.a"]}""")]
    public void A_resource_change_without_an_actions_array_is_unreadable(string json)
    {
        Assert.Contains("resource_changes[0] has no 'change.actions' array", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void The_reason_names_the_index_of_the_bad_resource_change()
    {
        var json = """{"format_version":"1.2","resource_changes":[{"change":{"actions":["create"]}},{"change":{"actions":["update"]}},{"change":{}}]}""";

        Assert.Contains("resource_changes[2]", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_actions_array_is_unreadable()
    {
        Assert.Contains("resource_changes[1] has an empty 'actions' array", UnreadableReason(PlanDocuments.WithActions(["create"], Array.Empty<string>())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("destroy")]
    [InlineData("Create")]
    [InlineData("")]
    public void An_unknown_action_is_unreadable_and_named(string action)
    {
        Assert.Contains($"unknown action '{action}'", UnreadableReason(PlanDocuments.WithActions(["create"], [action])), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_string_action_is_unreadable()
    {
        var json = """{"format_version":"1.2","resource_changes":[{"change":{"actions":[1]}}]}""";

        Assert.Contains("unknown action '1'", UnreadableReason(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Resource_changes_that_is_not_an_array_is_unreadable()
    {
        var json = """{"format_version":"1.2","resource_changes":{"aws_vpc.main":{"actions":["create"]}}}""";

        Assert.Contains("not an array", UnreadableReason(json), StringComparison.Ordinal);
    }
}
