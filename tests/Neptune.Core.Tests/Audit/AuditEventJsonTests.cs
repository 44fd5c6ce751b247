using System.Text.Json;
using Neptune.Audit;

namespace Neptune.Tests.Audit;

public class AuditEventJsonTests
{
    private static readonly Guid ApplyJobId = new("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    private static AuditEvent Running() => new()
    {
        Id = ApplyJobId,
        State = AuditState.Running,
        Revision = TestData.ShaA,
        Repository = "acme/infra",
        InitiatingUser = "alice",
        RootName = "network",
        StartTime = new DateTimeOffset(2025, 3, 14, 9, 33, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Running_event_has_the_exact_spec_fields_with_nulls_for_unknowns()
    {
        Assert.Equal(
            """{"version":1,"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","state":"RUNNING","job_type":"APPLY","revision":"3f786850e387550fdab836ed7e6dc881de23001b","repository":"acme/infra","pull_number":null,"environment":null,"initiating_user":"alice","start_time":"2025-03-14T09:33:00.000Z","end_time":null,"force_apply":false,"project":null,"root_name":"network","approved_by":null,"approved_time":null}""",
            AuditEventJson.Serialize(Running()));
    }

    [Fact]
    public void Success_event_carries_every_field_with_times_in_utc()
    {
        var plus2 = TimeSpan.FromHours(2);
        var e = Running() with
        {
            State = AuditState.Success,
            PullNumber = 42,
            Environment = "production",
            Project = "network-core",
            ForceApply = true,
            StartTime = new DateTimeOffset(2025, 3, 14, 11, 33, 0, plus2),
            EndTime = new DateTimeOffset(2025, 3, 14, 11, 35, 12, 345, plus2),
            ApprovedBy = "dana",
            ApprovedTime = new DateTimeOffset(2025, 3, 14, 11, 32, 59, plus2),
        };

        Assert.Equal(
            """{"version":1,"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","state":"SUCCESS","job_type":"APPLY","revision":"3f786850e387550fdab836ed7e6dc881de23001b","repository":"acme/infra","pull_number":42,"environment":"production","initiating_user":"alice","start_time":"2025-03-14T09:33:00.000Z","end_time":"2025-03-14T09:35:12.345Z","force_apply":true,"project":"network-core","root_name":"network","approved_by":"dana","approved_time":"2025-03-14T09:32:59.000Z"}""",
            AuditEventJson.Serialize(e));
    }

    [Fact]
    public void Field_names_are_the_spec_snake_case_names_in_order()
    {
        using var doc = JsonDocument.Parse(AuditEventJson.Serialize(Running() with { State = AuditState.Failure }));

        Assert.Equal(
            ["version", "id", "state", "job_type", "revision", "repository", "pull_number", "environment", "initiating_user",
             "start_time", "end_time", "force_apply", "project", "root_name", "approved_by", "approved_time"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("FAILURE", doc.RootElement.GetProperty("state").GetString());
        Assert.Equal("APPLY", doc.RootElement.GetProperty("job_type").GetString());
    }

    [Theory]
    [InlineData(AuditState.Running, "RUNNING")]
    [InlineData(AuditState.Success, "SUCCESS")]
    [InlineData(AuditState.Failure, "FAILURE")]
    public void States_are_written_in_upper_case(AuditState state, string name)
    {
        Assert.Equal(name, AuditEventJson.StateName(state));
    }

    [Fact]
    public void An_undefined_state_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AuditEventJson.StateName((AuditState)9));
    }

    [Theory]
    [InlineData(AuditState.Running, "7c9e6679-7425-40de-944b-e07fc1f90ae7:RUNNING")]
    [InlineData(AuditState.Success, "7c9e6679-7425-40de-944b-e07fc1f90ae7:SUCCESS")]
    [InlineData(AuditState.Failure, "7c9e6679-7425-40de-944b-e07fc1f90ae7:FAILURE")]
    public void Idempotency_key_is_apply_job_id_and_state(AuditState state, string key)
    {
        Assert.Equal(key, (Running() with { State = state }).IdempotencyKey);
    }

    [Fact]
    public void Text_fields_are_escaped_as_json()
    {
        var json = AuditEventJson.Serialize(Running() with { InitiatingUser = "a\"b\\c" });

        using var doc = JsonDocument.Parse(json);
        Assert.Equal("a\"b\\c", doc.RootElement.GetProperty("initiating_user").GetString());
    }

    [Fact]
    public void An_event_read_back_equals_the_one_written()
    {
        var e = Running() with
        {
            State = AuditState.Failure,
            PullNumber = 7,
            Environment = "staging",
            EndTime = new DateTimeOffset(2025, 3, 14, 9, 40, 1, 250, TimeSpan.Zero),
            ApprovedBy = "dana",
            ApprovedTime = new DateTimeOffset(2025, 3, 14, 9, 32, 0, TimeSpan.Zero),
        };

        Assert.Equal(e, AuditEventJson.Deserialize(AuditEventJson.Serialize(e)));
        Assert.Equal(Running(), AuditEventJson.Deserialize(AuditEventJson.Serialize(Running())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"version":1,"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","state":"PAUSED"}""")]
    public void Text_that_is_not_an_audit_event_is_refused(string json) =>
        Assert.Throws<FormatException>(() => AuditEventJson.Deserialize(json));
}
