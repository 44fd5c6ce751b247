namespace Neptune.Hosting.InProcess.Journal;

/// <summary>The journal cannot be used (corrupt, written by a newer Neptune, not writable). Start-up stops; nothing is reset.</summary>
public sealed class JournalException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public JournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public JournalException()
        : this("The journal cannot be used.")
    {
    }
}
