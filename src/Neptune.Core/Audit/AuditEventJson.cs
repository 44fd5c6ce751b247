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
