using System.Collections.Immutable;
using Metering.Domain.Contracts;
using Metering.Domain.Formats;
using Metering.Domain.Tenants;
using NodaTime;

namespace Metering.Domain.Tests.Contracts;

public sealed class ContractTenancyTests
{
    private static readonly Contract AcmeAndAffiliate = ContractReader.Read(ContractDocuments.Valid).Contract!;

    private static Tenant Registered(string id, string zone) =>
        new(TenantId.Parse(id), DateTimeZoneProviders.Tzdb[zone], ImmutableSortedSet.Create(StringComparer.Ordinal, "app"));

    [Fact]
    public void Tenants_In_One_Zone_Give_The_Contract_That_Zone()
    {
        var directory = new TenantDirectory([Registered("acme", "Europe/Madrid"), Registered("acme-eu", "Europe/Madrid")]);

        var tenancy = ContractTenancy.Resolve(AcmeAndAffiliate, directory);

        Assert.True(tenancy.IsValid);
        Assert.Equal("Europe/Madrid", tenancy.Zone!.Id);
    }

    [Theory]
    [InlineData("Europe/Madrid", "America/New_York")]
    [InlineData("Europe/Paris", "Europe/Berlin")]
    [InlineData("UTC", "Europe/London")]
    public void Tenants_Billing_In_Two_Zones_Reject_The_Contract(string first, string second)
    {
        var directory = new TenantDirectory([Registered("acme", first), Registered("acme-eu", second)]);

        var tenancy = ContractTenancy.Resolve(AcmeAndAffiliate, directory);

        Assert.False(tenancy.IsValid);
        Assert.Null(tenancy.Zone);
        var problem = Assert.Single(tenancy.Problems);
        Assert.Equal(("tenants", ContractProblemCode.ZonesDiffer), (problem.Path, problem.Code));
        Assert.Contains(first, problem.Message, StringComparison.Ordinal);
        Assert.Contains(second, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Unregistered_Tenant_Is_Reported_At_Its_Position()
    {
        var directory = new TenantDirectory([Registered("acme", "UTC")]);

        var tenancy = ContractTenancy.Resolve(AcmeAndAffiliate, directory);

        var problem = Assert.Single(tenancy.Problems);
        Assert.Equal(("tenants[1]", ContractProblemCode.UnregisteredTenant), (problem.Path, problem.Code));
    }
}
