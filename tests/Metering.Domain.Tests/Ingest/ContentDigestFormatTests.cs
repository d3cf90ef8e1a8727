using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Testing.Events;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// The content digest is part of the stored format (docs/events.md, "Duplicates and reused ids"): every claim in the
/// claims table holds one, and a redelivery after an upgrade must digest to the same value or it would be dead-lettered
/// as a reused id. These digests were computed with the planner of commit 89defb8, before the digest was computed from
/// pre-encoded parts; a change to how the digest is computed must reproduce them bit for bit, for every kind of field.
/// </summary>
public sealed class ContentDigestFormatTests
{
    public static TheoryData<string, string, string> Events => new()
    {
        { "an activity event without data (deployment defaults to cloud)", EventJson.Valid().Json, "7d4544d9ca021fd9d8a721d16c8ffdbf" },
        { "an activity event on premises", EventJson.Of("user.login", """{"deployment":"on-premises","page":"/x"}""").Json, "a36c275dcaf4e8256d931eb48d18a910" },
        { "a meeting: text, flag and a null space", EventJson.Of("meeting.hosted", """{"origin":"app","scheduled":true,"space":null}""").Json, "eb4fde49773e2d508b4c6a234d9fa914" },
        { "content opened: two identifiers", EventJson.Of("content.opened", """{"contentId":"isbn-9780000001","action":"download"}""").Json, "375df00cf53e656d4f6f683a24fc3393" },
        { "a session heartbeat", EventJson.Of("session.heartbeat", """{"sessionId":"s-1-2-3"}""").Json, "d7a2a8ee74402183eb61975a5da5cdf3" },
        { "a user created with lists, an access id and defaults", EventJson.Of("user.created", """{"roles":["learner","teacher"],"aliases":["a@x.example"],"accessId":"AC-1"}""").Json, "ad6ada3adedd255e31ed83b165b00c43" },
        { "a user updated to inactive with an empty role list", EventJson.Of("user.updated", """{"active":false,"roles":[]}""").Json, "6979d8764dcfd6f793c9886e0f748920" },
        { "a licence with an expiry instant", EventJson.Of("license.granted", """{"licenseId":"lic-1","contentId":"isbn-1","expiresAt":"2026-01-31T23:00:00.5-01:00"}""").Json, "261b45fcdf2bfac7db1fcbadadc0f01e" },
        { "a headcount of two counts", EventJson.Of("org.headcount", """{"knowledgeWorkers":1200,"employees":1500}""").Json, "9364e7e3bd0c3fb482f00922a12cca01" },
        { "course visibility", EventJson.Of("course.visibility", """{"courseId":"c-1","visible":false}""").Json, "e479206a5a4877e7e408cb0ee96dcca4" },
        { "a non-ASCII subject in another tenant's zone", EventJson.Valid(subject: "élève/ü#?%\\1 😀", tenant: "paris", time: "2025-03-30T01:30:00.123456789+01:00").Json, "fa64ae0d06302df18846dbea4af28d33" },
        { "an escaped subject and a role", EventJson.Of("role.granted", """{"role":"administrator"}""", subject: "\u00e9").With("subject", "\"\\u00e9\"").Json, "0878e0b83671d0a0792fb21cc1219507" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void The_Digest_Of_An_Event_Is_The_One_Stored_Claims_Hold(string what, string json, string expected)
    {
        _ = what;
        var plan = IngestPlanner.Plan([new RawEvent(System.Text.Encoding.UTF8.GetBytes(json), 1)], SampleTenants.Directory, SampleTenants.Now);

        Assert.Empty(plan.Rejected);
        Assert.Equal(expected, Assert.Single(plan.Claims).Content.ToString());
    }

    [Fact]
    public void Tables_Kept_For_The_Next_Batch_Forget_The_Batchs_Tenants()
    {
        // The directory is reloaded every minute as new instances: parts kept by instance would pile up in the tables the
        // process keeps. Whichever kept tables this rents (tests plan on many threads at once), every one was emptied.
        IngestPlanner.Plan([new RawEvent(System.Text.Encoding.UTF8.GetBytes(EventJson.Valid().Json), 1)], SampleTenants.Directory, SampleTenants.Now);

        var scratch = PlannerScratch.Rent();
        try
        {
            Assert.Equal(0, scratch.Content.TenantParts);
        }
        finally
        {
            scratch.Return();
        }
    }

    [Fact]
    public void A_Tenant_Directory_Reloaded_As_New_Instances_Digests_Every_Event_The_Same()
    {
        // The registry is reloaded every minute as new tenant instances; a thread plans batch after batch with them.
        var body = System.Text.Encoding.UTF8.GetBytes(EventJson.Valid(tenant: "paris").Json);
        var reloaded = new Metering.Domain.Tenants.TenantDirectory([SampleTenants.Tenant("paris", "Europe/Paris", "/apps/lms")]);

        var digests = Enumerable.Range(0, 3)
            .SelectMany(_ => new[] { SampleTenants.Directory, reloaded })
            .Select(tenants => IngestPlanner.Plan([new RawEvent(body, 1)], tenants, SampleTenants.Now).Claims.Single().Content)
            .Distinct();

        Assert.Single(digests);
    }
}
