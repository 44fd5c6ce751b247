namespace Neptune.Client;

/// <summary>A target, deployment or job that Neptune does not know.</summary>
public sealed class NeptuneNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NeptuneNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public NeptuneNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public NeptuneNotFoundException()
        : this("Not found.")
    {
    }
}
