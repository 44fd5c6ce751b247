using System.Text;
using Neptune.Model;

namespace Neptune.Tests.Model;

public class LatestDeploymentJsonTests
{
    private static readonly Guid Id = new("c9bf9e57-1685-4c89-bafb-ff5af830be8a");

    private static string Serialize(LatestDeployment d) => Encoding.UTF8.GetString(LatestDeploymentJson.Serialize(d));

    private static LatestDeployment Deserialize(string json) => LatestDeploymentJson.Deserialize(Encoding.UTF8.GetBytes(json));

    private const string ValidJson =
        """{"version":1,"id":"c9bf9e57-1685-4c89-bafb-ff5af830be8a","revision":"3f786850e387550fdab836ed7e6dc881de23001b","branch":"main","repo":{"owner":"acme","name":"infra"},"root":{"name":"network","trigger":"merge","manualRerun":false,"manualForce":false}}""";

    [Fact]
    public void Merge_deployment_is_stored_as_the_exact_spec_document()
    {
        var d = new LatestDeployment(Id, TestData.Target, TestData.ShaA, "main", Trigger.Merge, initiatingUser: "alice");

        Assert.Equal(ValidJson, Serialize(d));
    }

    [Fact]
    public void Manual_forced_rerun_is_stored_with_trigger_manual_and_both_flags()
    {
        var d = new LatestDeployment(Id, TestData.Target, TestData.ShaB, "hotfix", Trigger.Manual, manualRerun: true, manualForce: true);

        Assert.Equal(
            """{"version":1,"id":"c9bf9e57-1685-4c89-bafb-ff5af830be8a","revision":"89e6c98d92887913cadf06b2adb97f26cde4849b","branch":"hotfix","repo":{"owner":"acme","name":"infra"},"root":{"name":"network","trigger":"manual","manualRerun":true,"manualForce":true}}""",
            Serialize(d));
    }

    [Fact]
    public void A_finished_deployment_round_trips_through_the_stored_form()
    {
        var deployment = new Deployment(Id, TestData.Manual(TestData.ShaC, rerun: true, force: true, branch: "main"), TestData.T0);
        var latest = LatestDeployment.From(deployment);

        var read = LatestDeploymentJson.Deserialize(LatestDeploymentJson.Serialize(latest));

        Assert.Equal(Id, read.Id);
        Assert.Equal(TestData.Target, read.Target);
        Assert.Equal(TestData.ShaC, read.Revision);
        Assert.Equal("main", read.Branch);
        Assert.Equal(Trigger.Manual, read.Trigger);
        Assert.True(read.ManualRerun);
        Assert.True(read.ManualForce);
        // The initiating user is not part of the stored shape (spec §4.6).
        Assert.Equal("bob", latest.InitiatingUser);
        Assert.Null(read.InitiatingUser);
    }

    [Fact]
    public void Reads_the_spec_document()
    {
        var read = Deserialize(ValidJson);

        Assert.Equal(new LatestDeployment(Id, TestData.Target, TestData.ShaA, "main", Trigger.Merge), read);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"version":"one"}""")]
    public void Invalid_json_is_a_format_error(string json)
    {
        var e = Assert.Throws<FormatException>(() => Deserialize(json));

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("revision")]
    [InlineData("branch")]
    [InlineData("repo")]
    [InlineData("root")]
    public void A_missing_field_is_a_format_error_naming_the_fields(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ValidJson)!.AsObject();
        node.Remove(field);

        var e = Assert.Throws<FormatException>(() => Deserialize(node.ToJsonString()));

        Assert.Contains("misses one of id, revision, branch, repo or root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_null_document_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => Deserialize("null"));
    }

    [Fact]
    public void A_missing_root_name_is_a_format_error()
    {
        var json = ValidJson.Replace("\"name\":\"network\",", "", StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => Deserialize(json));

        Assert.Contains("root name must not be empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_version_is_refused_with_advice_to_upgrade()
    {
        var e = Assert.Throws<FormatException>(() => Deserialize(ValidJson.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal)));

        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade Neptune", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"push\"", "'push'")]
    [InlineData("\"Merge\"", "'Merge'")]
    [InlineData("null", "''")]
    public void An_unknown_trigger_is_refused(string trigger, string shown)
    {
        var e = Assert.Throws<FormatException>(() => Deserialize(ValidJson.Replace("\"merge\"", trigger, StringComparison.Ordinal)));

        Assert.Contains($"trigger {shown} is neither 'merge' nor 'manual'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_that_is_not_a_uuid_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => Deserialize(ValidJson.Replace("c9bf9e57-1685-4c89-bafb-ff5af830be8a", "deploy-17", StringComparison.Ordinal)));

        Assert.Contains("'deploy-17' is not a UUID", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_abbreviated_revision_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => Deserialize(ValidJson.Replace(TestData.ShaA, "3f78685", StringComparison.Ordinal)));

        Assert.Contains("invalid", e.Message, StringComparison.Ordinal);
        Assert.Contains("7 characters long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_refuses_an_empty_branch()
    {
        var e = Assert.Throws<ArgumentException>(() => new LatestDeployment(Id, TestData.Target, TestData.ShaA, " ", Trigger.Merge));

        Assert.Equal("branch", e.ParamName);
    }
}
