namespace Vetting.Agent.Transport;

/// <summary>A call failed: no answer at all (<see cref="StatusCode"/> null) or an HTTP error status.</summary>
public class AgentTransportException : Exception
{
    public AgentTransportException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    public AgentTransportException()
    {
    }

    public AgentTransportException(string message)
        : base(message)
    {
    }

    public AgentTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int? StatusCode { get; }

    /// <summary>Network errors and 5xx may heal by themselves; a 4xx will answer the same again.</summary>
    public bool IsTransient => StatusCode is null or >= 500;
}
