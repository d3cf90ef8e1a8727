using System.Collections.Immutable;
using Metering.Domain.Events;
using Metering.Domain.Ingest;
using Metering.Domain.Tenants;
using Metering.Testing.Events;

namespace Metering.Domain.Tests.Ingest;

/// <summary>
/// A sender's transport identity (its own event hub) decides which tenants its events may count for: the body's
/// <c>tenantid</c> and <c>source</c> are strings anyone can write.
/// </summary>
public sealed class SenderTests
{
    // acme lists the sender "lms"; paris lists "lms" and "reader"; saopaulo lists none.
    private static readonly TenantDirectory Tenants = new([
        SampleTenants.Tenant("acme", "Etc/UTC", "/apps/lms") with { Senders = ImmutableSortedSet.Create(StringComparer.Ordinal, "lms") },
        SampleTenants.Tenant("paris", "Europe/Paris", "/apps/lms") with { Senders = ImmutableSortedSet.Create(StringComparer.Ordinal, "lms", "reader") },
        SampleTenants.Tenant("saopaulo", "America/Sao_Paulo", "/apps/lms"),
    ]);

    /// <summary>Rows read like the rule: which sender delivered an event for which tenant, and the verdict.</summary>
    public static TheoryData<string?, string, string?> Deliveries => new()
    {
        { "lms", "acme", null },
        { "lms", "paris", null },
        { "reader", "paris", null },
        { "reader", "acme", RejectionReason.UnauthorizedSender },
        { "lms", "saopaulo", RejectionReason.UnauthorizedSender },
        { "", "acme", RejectionReason.UnauthorizedSender },
        { "LMS", "acme", RejectionReason.UnauthorizedSender },
        // Input with no transport identity (a file an operator ingests) is not subject to the senders list.
        { null, "acme", null },
        { null, "saopaulo", null },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public void An_Event_Counts_Only_For_A_Tenant_That_Lists_The_Sender_That_Delivered_It(string? sender, string tenant, string? reason)
    {
        var raw = new RawEvent(EventJson.Valid(tenant: tenant, source: "/apps/lms").Bytes, 1) { Sender = sender };

        var accepted = new CloudEventParser(Tenants, SampleTenants.Now).TryParse(raw, out _, out var rejected);

        Assert.Equal(reason is null, accepted);
        Assert.Equal(reason, rejected?.Errors[0].Code);
        Assert.Equal(reason is null ? null : "tenantid", rejected?.Errors[0].Attribute);
    }

    [Fact]
    public void An_Unauthorized_Sender_Is_Reported_After_The_Source_Rule_And_Before_The_Time_Rule()
    {
        var json = EventJson.Valid(tenant: "acme", source: "/apps/other", time: "2030-01-01T00:00:00Z");
        var raw = new RawEvent(json.Bytes, 1) { Sender = "reader" };

        Assert.False(new CloudEventParser(Tenants, SampleTenants.Now).TryParse(raw, out _, out var rejected));

        Assert.Equal(
            [RejectionReason.UnregisteredSource, RejectionReason.UnauthorizedSender, RejectionReason.FutureTime],
            rejected.Errors.Select(e => e.Code));
    }

    [Fact]
    public void The_Same_Bodies_From_Another_Sender_Or_From_None_Form_Another_Batch()
    {
        var body = EventJson.Valid(tenant: "paris", source: "/apps/lms").Bytes;
        IngestPlan Plan(string? sender) => IngestPlanner.Plan([new RawEvent(body, 1) { Sender = sender }], Tenants, SampleTenants.Now);

        var ids = new[] { Plan(null).Batch, Plan("lms").Batch, Plan("reader").Batch };

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(Plan("lms").Batch, Plan("lms").Batch);
        Assert.Equal(IngestPlanner.Plan([new RawEvent(body, 1)], Tenants, SampleTenants.Now).Batch, Plan(null).Batch);
    }
}
