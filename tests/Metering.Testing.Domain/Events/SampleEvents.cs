using CsCheck;

namespace Metering.Testing.Events;

/// <summary>
/// Generators of event bodies for property tests: valid events of every shape across tenants, zones and a
/// daylight-saving change, with ids drawn from a small range so that keys repeat, plus broken ones.
/// </summary>
public static class SampleEvents
{
    private static readonly string[] Tenants = ["acme", "paris", "saopaulo"];
    private static readonly string[] Subjects = ["ann", "bob", "a/b#c?d\\e%f", "用户", "😀 x"];

    private static readonly (string Type, string Data)[] Shapes =
    [
        ("user.login", "null"),
        ("app.launched", """{"deployment":"on-premises"}"""),
        ("meeting.hosted", """{"origin":"app","scheduled":false,"space":"one-on-one"}"""),
        ("meeting.hosted", """{"origin":"pstn","scheduled":true,"space":null,"deployment":"on-premises"}"""),
        ("content.opened", """{"contentId":"book-1","action":"launch"}"""),
        ("session.started", """{"sessionId":"s-1"}"""),
        ("session.ended", """{"sessionId":"s-1"}"""),
        ("user.created", """{"accountType":"person"}"""),
        ("user.deactivated", "null"),
        ("seat.assigned", "null"),
    ];

    /// <summary>One valid event body.</summary>
    public static readonly Gen<string> Valid =
        Gen.Select(Gen.Int[0, Shapes.Length - 1], Gen.Int[0, Tenants.Length - 1], Gen.Int[0, Subjects.Length - 1], Gen.Int[0, 40], Gen.Int[0, 20 * 24 * 60])
            .Select((shape, tenant, subject, id, minute) =>
                EventJson.Of(Shapes[shape].Type, Shapes[shape].Data, Subjects[subject], id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .WithString("tenantid", Tenants[tenant])
                    .WithString("time", NodaTime.Instant.FromUtc(2025, 3, 20, 0, 0).Plus(NodaTime.Duration.FromMinutes(minute)).ToString())
                    .Json);

    /// <summary>A body that is never a valid event.</summary>
    public static readonly Gen<string> Broken = Gen.OneOf(
        Gen.Const("{}"),
        Gen.Const("not json"),
        Valid.Select(v => v.Replace("\"1.0\"", "\"0.3\"", StringComparison.Ordinal)),
        Valid.Select(v => v.Replace("tenantid\":\"", "tenantid\":\"x", StringComparison.Ordinal)));

    /// <summary>A batch: mostly valid events, some broken ones.</summary>
    public static readonly Gen<string[]> Batch = Gen.Frequency((4, Valid), (1, Broken)).Array[1, 40];
}
