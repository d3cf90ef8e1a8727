namespace Metering.Domain.Events.Parsing;

/// <summary>The ways an opaque identifier can break <see cref="OpaqueText"/>'s rule; several may hold at once.</summary>
[Flags]
internal enum OpaqueTextProblem
{
    None = 0,
    Empty = 1,
    TooLong = 2,
    ControlCharacter = 4,
    UnpairedSurrogate = 8,
}
