using Metering.Testing.Events;

namespace Metering.Cli.Tests.Support;

/// <summary>The tenants and events the CLI tests ingest.</summary>
internal static class SampleInput
{
    public const string AsOf = "2024-04-01T00:00:00Z";

    public const string Tenants = """
        [
          {"id": "acme", "zone": "Europe/Berlin", "sources": ["app://crm"]},
          {"id": "globex", "sources": ["app://erp"]}
        ]
        """;

    public static readonly byte[][] Good =
    [
        CloudEvents.Body("1", "app://crm", "acme", "user.login", "alice", "2024-03-05T12:00:00Z"),
        CloudEvents.Body("2", "app://crm", "acme", "user.login", "bob/b#2?", "2024-03-06T12:00:00Z"),
        CloudEvents.Body("3", "app://crm", "acme", "user.created", "alice", "2024-03-01T08:00:00Z", "{\"accountType\":\"person\"}"),
        CloudEvents.Body("4", "app://erp", "globex", "app.launched", "zoë", "2024-03-07T12:00:00Z"),
    ];

    public static readonly byte[] Malformed = "{\"specversion\":\"1.0\",\"id\":"u8.ToArray();

    public static readonly byte[] UnknownType = CloudEvents.Body("u", "app://crm", "acme", "user.teleported", "alice", "2024-03-05T12:00:00Z");

    public static readonly byte[] Unregistered = CloudEvents.Body("r", "app://erp", "acme", "user.login", "mallory", "2024-03-05T12:00:00Z");

    /// <summary>Good events, two of them sent twice, and three bad lines: lines 1..9.</summary>
    public static string MixedNdjson() => CloudEvents.Ndjson(
    [
        Good[0], Good[1], Malformed, Good[0], Good[2], UnknownType, Good[3], Good[2], Unregistered,
    ]);
}
