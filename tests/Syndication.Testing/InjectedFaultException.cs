namespace Syndication.Testing;

/// <summary>Thrown by <see cref="FaultInjectingBlobStore"/> in place of a storage failure.</summary>
public sealed class InjectedFaultException : Exception
{
    public InjectedFaultException() { }
    public InjectedFaultException(string message) : base(message) { }
    public InjectedFaultException(string message, Exception innerException) : base(message, innerException) { }
}
