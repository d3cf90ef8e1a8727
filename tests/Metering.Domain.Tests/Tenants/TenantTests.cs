using System.Collections.Immutable;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Tests.Tenants;

/// <summary>A tenant's sources and senders are compared ordinally, however the sets given were made.</summary>
public sealed class TenantTests
{
    [Fact]
    public void Sources_And_Senders_Made_With_The_Default_Comparer_Are_Compared_Ordinally()
    {
        // A collection expression makes a sorted set with the default comparer, which compares by culture: there a soft
        // hyphen is ignorable, and a source with one would pass for the registered one.
        ImmutableSortedSet<string> sources = ["https://lms.example/app"];
        ImmutableSortedSet<string> senders = ["hub-a"];
        var tenant = new Tenant(TenantId.Parse("acme"), DateTimeZone.Utc, sources) { Senders = senders };

        Assert.Same(StringComparer.Ordinal, tenant.Sources.KeyComparer);
        Assert.Same(StringComparer.Ordinal, tenant.Senders.KeyComparer);
        Assert.True(tenant.Allows("https://lms.example/app"));
        Assert.False(tenant.Allows("https://lms.exam\u00ADple/app"));
        Assert.True(tenant.Accepts("hub-a"));
        Assert.False(tenant.Accepts("hub\u00AD-a"));
    }

    [Fact]
    public void A_Copy_With_Other_Sources_Compares_Them_Ordinally_Too()
    {
        var tenant = new Tenant(TenantId.Parse("acme"), DateTimeZone.Utc, ImmutableSortedSet.Create(StringComparer.Ordinal, "a"));

        var copy = tenant with { Sources = ["b"] };

        Assert.Same(StringComparer.Ordinal, copy.Sources.KeyComparer);
        Assert.True(copy.Allows("b"));
    }
}
