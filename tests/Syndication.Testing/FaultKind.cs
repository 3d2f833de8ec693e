namespace Syndication.Testing;

/// <summary>How <see cref="FaultInjectingBlobStore"/> fails the operation it is armed for.</summary>
public enum FaultKind
{
    /// <summary>The operation fails without effect; later operations work (a transient error).</summary>
    Fail,

    /// <summary>The operation takes effect, then fails (the reply was lost): the caller cannot tell it happened.</summary>
    LostReply,

    /// <summary>The operation and every one after it fail without effect until disarmed (the process died there).</summary>
    Crash,
}
