namespace Neptune.Model;

/// <summary>Validation shared by the identifiers of the model.</summary>
internal static class Names
{
    /// <summary>Longest owner, repository or root name accepted; GitHub allows 100 for repositories.</summary>
    public const int MaxSegmentLength = 100;

    public static string RequireSegment(string? value, string parameter, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"The {what} must not be empty.", parameter);
        }

        if (value.Length > MaxSegmentLength)
        {
            throw new ArgumentException($"The {what} '{value[..20]}…' is {value.Length} characters long; at most {MaxSegmentLength} are allowed.", parameter);
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"The {what} '{value}' contains '{c}'; only letters, digits, '-', '_' and '.' are allowed.", parameter);
            }
        }

        if (value is "." or "..")
        {
            throw new ArgumentException($"The {what} must not be '{value}'.", parameter);
        }

        return value;
    }

    public static string RequireRootName(string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The root name must not be empty.", parameter);
        }

        if (value.Length > MaxSegmentLength)
        {
            throw new ArgumentException($"The root name is {value.Length} characters long; at most {MaxSegmentLength} are allowed.", parameter);
        }

        if (value.Contains("||", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The root name '{value}' contains '||', which separates repository and root in a target id.", parameter);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '/' or '\\')
            {
                throw new ArgumentException($"The root name '{value}' contains a path separator or control character.", parameter);
            }
        }

        return value;
    }
}
