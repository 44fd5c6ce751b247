namespace Neptune.Client;

/// <summary>The deploy rules refused a request (e.g. unlocking an unlocked queue, reviewing a plan that awaits no review).</summary>
public sealed class NeptuneRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NeptuneRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public NeptuneRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public NeptuneRejectedException()
        : this("Rejected.")
    {
    }
}
