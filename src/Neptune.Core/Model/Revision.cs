namespace Neptune.Model;

/// <summary>Validation of git commit ids.</summary>
public static class Revision
{
    /// <summary>Length of a SHA-1 commit id in hex.</summary>
    public const int Sha1Length = 40;

    /// <summary>Length of a SHA-256 commit id in hex.</summary>
    public const int Sha256Length = 64;

    /// <summary>
    /// Checks that <paramref name="sha"/> is a full commit id (40 or 64 hex digits) and returns it in
    /// lower case. Abbreviated ids are refused: two deploys must never disagree on which commit they mean.
    /// </summary>
    /// <exception cref="ArgumentException">The id is empty, abbreviated, too long or not hex.</exception>
    public static string Normalize(string? sha, string parameter = "sha")
    {
        if (string.IsNullOrEmpty(sha))
        {
            throw new ArgumentException("The revision must not be empty; give the full commit id.", parameter);
        }

        if (sha.Length != Sha1Length && sha.Length != Sha256Length)
        {
            var shown = sha.Length > 80 ? sha[..20] + "…" : sha;
            throw new ArgumentException($"The revision '{shown}' is {sha.Length} characters long; a full commit id has {Sha1Length} (or {Sha256Length}) hex digits.", parameter);
        }

        foreach (var c in sha)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new ArgumentException($"The revision '{sha}' contains '{c}', which is not a hex digit.", parameter);
            }
        }

        return sha.ToLowerInvariant();
    }

    /// <summary>The first 7 characters, as GitHub shows commits.</summary>
    public static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
