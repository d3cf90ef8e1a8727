using Microsoft.Extensions.Logging;

namespace Metering.Testing.Logging;

/// <summary>One logged entry.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
