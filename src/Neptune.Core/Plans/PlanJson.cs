using System.Text.Json;

namespace Neptune.Plans;

/// <summary>Reads the output of <c>terraform show -json PLANFILE</c>.</summary>
public static class PlanJson
{
    /// <summary>
    /// Counts <c>resource_changes[].change.actions</c>: <c>create</c> and replace (<c>delete,create</c> or
    /// <c>create,delete</c>) add, <c>delete</c> and replace destroy, <c>update</c> changes; <c>no-op</c>,
    /// <c>read</c> and output-only changes change nothing. Anything that is not such a document is
    /// <see cref="PlanReading.Unreadable"/>.
    /// </summary>
    public static PlanReading Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return PlanReading.Unreadable("terraform show -json printed nothing.");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var doc = JsonDocument.ParseValue(ref reader);

            // ParseValue stops after the first value; anything but whitespace after it (Read throws on most
            // of it) means the output is not one plan document, and must not be read as one.
            if (reader.Read())
            {
                return PlanReading.Unreadable("terraform show -json printed invalid JSON: more than one JSON value.");
            }

            return Read(doc.RootElement);
        }
        catch (JsonException e)
        {
            return PlanReading.Unreadable($"terraform show -json printed invalid JSON: {e.Message}");
        }
    }

    /// <summary>Reads a plan from JSON text.</summary>
    public static PlanReading Read(string json) => Read(System.Text.Encoding.UTF8.GetBytes(json ?? string.Empty));

    private static PlanReading Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PlanReading.Unreadable($"The plan JSON is a {root.ValueKind}, not an object.");
        }

        if (!root.TryGetProperty("format_version", out _))
        {
            return PlanReading.Unreadable("The plan JSON has no 'format_version': it is not the output of 'terraform show -json'.");
        }

        if (!root.TryGetProperty("resource_changes", out var changes) || changes.ValueKind == JsonValueKind.Null)
        {
            // Terraform omits resource_changes when nothing would change (outputs-only or empty plans).
            return PlanReading.Readable(PlanSummary.NoChanges);
        }

        if (changes.ValueKind != JsonValueKind.Array)
        {
            return PlanReading.Unreadable("The plan JSON's 'resource_changes' is not an array.");
        }

        int add = 0, change = 0, destroy = 0, index = 0;
        foreach (var rc in changes.EnumerateArray())
        {
            if (rc.ValueKind != JsonValueKind.Object
                || !rc.TryGetProperty("change", out var c) || c.ValueKind != JsonValueKind.Object
                || !c.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                return PlanReading.Unreadable($"resource_changes[{index}] has no 'change.actions' array.");
            }

            bool create = false, delete = false, update = false;
            var count = 0;
            foreach (var a in actions.EnumerateArray())
            {
                count++;
                switch (a.ValueKind == JsonValueKind.String ? a.GetString() : null)
                {
                    case "create": create = true; break;
                    case "delete": delete = true; break;
                    case "update": update = true; break;
                    case "no-op" or "read" or "forget": break;
                    case var other:
                        return PlanReading.Unreadable($"resource_changes[{index}] has the unknown action '{other ?? a.GetRawText()}'.");
                }
            }

            if (count == 0)
            {
                return PlanReading.Unreadable($"resource_changes[{index}] has an empty 'actions' array.");
            }

            if (create) add++;
            if (delete) destroy++;
            if (update) change++;
            index++;
        }

        return PlanReading.Readable(new PlanSummary(add, change, destroy));
    }
}
