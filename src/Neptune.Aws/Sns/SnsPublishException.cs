using System.Net;

namespace Neptune.Aws.Sns;

/// <summary>SNS answered a <c>Publish</c> with an error.</summary>
public sealed class SnsPublishException : Exception
{
    /// <summary>Creates the exception for an error answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">SNS's error code (for example <c>AuthorizationError</c>), when the answer had one.</param>
    /// <param name="message">What SNS said, or a description of the answer.</param>
    public SnsPublishException(HttpStatusCode statusCode, string? errorCode, string message)
        : base($"SNS Publish failed with {(int)statusCode} {errorCode ?? statusCode.ToString()}: {message}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>SNS's error code, when the answer had one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Whether trying again soon may work: server errors and throttling. Other errors need a fix (permissions, topic).</summary>
    public bool IsTransient =>
        (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests
        || ErrorCode is "Throttling" or "ThrottlingException" or "ThrottledException" or "RequestThrottled" or "RequestExpired" or "InternalError" or "ServiceUnavailable";
}
