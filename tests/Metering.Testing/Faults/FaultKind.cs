namespace Metering.Testing.Faults;

/// <summary>How an injected storage fault shows.</summary>
public enum FaultKind
{
    /// <summary>The service answers 503 Service Unavailable (a <see cref="Azure.RequestFailedException"/>).</summary>
    ServiceUnavailable,

    /// <summary>The connection breaks (an <see cref="System.IO.IOException"/>).</summary>
    IOException,
}
