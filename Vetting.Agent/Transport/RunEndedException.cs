namespace Vetting.Agent.Transport;

/// <summary>The server answered 410: the run is over and the agent has nothing left to do.</summary>
public sealed class RunEndedException : AgentTransportException
{
    public RunEndedException(string message)
        : base(message, 410)
    {
    }

    public RunEndedException()
        : this("the run has ended")
    {
    }

    public RunEndedException(string message, Exception innerException)
        : base(message, 410, innerException)
    {
    }
}
