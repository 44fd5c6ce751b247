using System.Text.Json;

namespace Neptune.Audit;

/// <summary>Writes <see cref="AuditEvent"/> in the published JSON form (snake_case, upper-case states).</summary>
public static class AuditEventJson
{
    /// <summary>The wire name of a state.</summary>
    public static string StateName(AuditState state) => state switch
    {
        AuditState.Running => "RUNNING",
        AuditState.Success => "SUCCESS",
        AuditState.Failure => "FAILURE",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown audit state."),
    };

    /// <summary>Serializes one event as compact JSON.</summary>
    public static string Serialize(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", e.Version);
            w.WriteString("id", e.Id.ToString());
            w.WriteString("state", StateName(e.State));
            w.WriteString("job_type", e.JobType);
            w.WriteString("revision", e.Revision);
            w.WriteString("repository", e.Repository);
            WriteNullable(w, "pull_number", e.PullNumber);
            w.WriteString("environment", e.Environment);
            w.WriteString("initiating_user", e.InitiatingUser);
            WriteTime(w, "start_time", e.StartTime);
            WriteTime(w, "end_time", e.EndTime);
            w.WriteBoolean("force_apply", e.ForceApply);
            w.WriteString("project", e.Project);
            w.WriteString("root_name", e.RootName);
            w.WriteString("approved_by", e.ApprovedBy);
            WriteTime(w, "approved_time", e.ApprovedTime);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads an event written by <see cref="Serialize"/> (the spec's audit JSON), e.g. from a host's outbox.</summary>
    /// <exception cref="FormatException">The text is not an audit event.</exception>
    public static AuditEvent Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            return new AuditEvent
            {
                Version = r.GetProperty("version").GetInt32(),
                Id = Guid.Parse(r.GetProperty("id").GetString()!),
                State = ParseState(r.GetProperty("state").GetString()),
                JobType = r.GetProperty("job_type").GetString() ?? "APPLY",
                Revision = r.GetProperty("revision").GetString()!,
                Repository = r.GetProperty("repository").GetString()!,
                PullNumber = r.GetProperty("pull_number").ValueKind == JsonValueKind.Null ? null : r.GetProperty("pull_number").GetInt32(),
                Environment = r.GetProperty("environment").GetString(),
                InitiatingUser = r.GetProperty("initiating_user").GetString()!,
                StartTime = ReadTime(r, "start_time"),
                EndTime = ReadTime(r, "end_time"),
                ForceApply = r.GetProperty("force_apply").GetBoolean(),
                Project = r.GetProperty("project").GetString(),
                RootName = r.GetProperty("root_name").GetString()!,
                ApprovedBy = r.GetProperty("approved_by").GetString(),
                ApprovedTime = ReadTime(r, "approved_time"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new FormatException($"Not an audit event: {e.Message}", e);
        }
    }

    private static AuditState ParseState(string? name) => name switch
    {
        "RUNNING" => AuditState.Running,
        "SUCCESS" => AuditState.Success,
        "FAILURE" => AuditState.Failure,
        _ => throw new FormatException($"'{name}' is not an audit state."),
    };

    private static DateTimeOffset? ReadTime(JsonElement r, string name) =>
        r.GetProperty(name) is { ValueKind: JsonValueKind.String } v
            ? DateTimeOffset.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)
            : null;

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
