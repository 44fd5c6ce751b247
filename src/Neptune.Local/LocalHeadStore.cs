using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neptune.Local;

/// <summary>
/// The last seen head of every watched repository, in one small JSON file written atomically (a temporary file in the
/// same directory, flushed to disk, then renamed over the old one), so a crash leaves either the old or the new file.
/// </summary>
internal sealed class LocalHeadStore
{
    private const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public LocalHeadStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The state file.</summary>
    public string Path { get; }

    /// <summary>Every recorded repository by name; empty when the file does not exist yet.</summary>
    /// <exception cref="LocalStateException">The file cannot be read or is not a state file of this version.</exception>
    public Dictionary<string, SeenHead> Load()
    {
        string text;
        try
        {
            if (!File.Exists(Path))
            {
                return new(StringComparer.OrdinalIgnoreCase);
            }

            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LocalStateException($"The local-mode state file '{Path}' cannot be read: {e.Message}", e);
        }

        StateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<StateDocument>(text, Json);
        }
        catch (JsonException e)
        {
            throw new LocalStateException($"The local-mode state file '{Path}' is not valid JSON ({e.Message}). Restore it, or delete it to record every repository's current head again (commits made since the last run would then not deploy).", e);
        }

        if (document is null || document.Version != Version || document.Repos is null)
        {
            throw new LocalStateException($"The local-mode state file '{Path}' is not a version {Version} state file. Restore it, or delete it to record every repository's current head again.");
        }

        return new(document.Repos, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Replaces the file with <paramref name="heads"/>.</summary>
    /// <exception cref="LocalStateException">The file cannot be written.</exception>
    public void Save(IReadOnlyDictionary<string, SeenHead> heads)
    {
        var document = new StateDocument { Version = Version, Repos = heads.OrderBy(h => h.Key, StringComparer.Ordinal).ToDictionary(h => h.Key, h => h.Value) };
        var temp = Path + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, document, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LocalStateException($"The local-mode state file '{Path}' cannot be written: {e.Message}", e);
        }
    }

    private sealed class StateDocument
    {
        public int Version { get; set; }

        public Dictionary<string, SeenHead>? Repos { get; set; }
    }
}

/// <summary>What was last seen of one repository.</summary>
/// <param name="Path">The repository's directory then.</param>
/// <param name="Branch">The watched branch then.</param>
/// <param name="Head">The branch's head; <see langword="null"/> when the branch did not exist yet.</param>
internal sealed record SeenHead(string Path, string Branch, string? Head);

/// <summary>The local-mode state file cannot be read or written; the message names it and the fix.</summary>
public sealed class LocalStateException : IOException
{
    /// <summary>Creates the exception with a message and its cause.</summary>
    public LocalStateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LocalStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no details.</summary>
    public LocalStateException()
        : this("The local-mode state file cannot be used.")
    {
    }
}
