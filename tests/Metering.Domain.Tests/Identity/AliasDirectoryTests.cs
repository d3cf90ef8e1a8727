using Metering.Domain.Events;
using Metering.Domain.Identity;
using Metering.Domain.Tenants;
using Metering.Domain.Tests.Support;

namespace Metering.Domain.Tests.Identity;

public class AliasDirectoryTests
{
    private static readonly TenantId Acme = TenantId.Parse("acme");

    [Theory]
    [InlineData("ana@example.com")]
    [InlineData("Ana Núñez/ops#1?x\\y%z")]
    [InlineData("アナ")]
    public void An_Alias_Declared_At_Creation_Resolves_To_The_User_That_Declared_It(string alias)
    {
        var scenario = new Scenario().Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = [alias] });

        var directory = AliasDirectory.Of([Acme], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Equal("u-1", directory.Resolve(Acme, new Subject(alias)).Value);
        Assert.Empty(directory.Anomalies);
    }

    [Fact]
    public void An_Alias_Is_Kept_After_An_Update_Lists_Other_Aliases()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@old.example"] })
            .Fact("u-1", "2025-02-10T00:00:00Z", EventCatalog.UserUpdated, new EventData { Aliases = ["ana@new.example"] });

        var directory = AliasDirectory.Of([Acme], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Equal("u-1", directory.Resolve(Acme, new Subject("ana@old.example")).Value);
        Assert.Equal("u-1", directory.Resolve(Acme, new Subject("ana@new.example")).Value);
    }

    [Fact]
    public void An_Alias_Claimed_By_Two_Users_Is_Not_Merged_And_Is_An_Anomaly()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["desk@example.com"] })
            .Fact("u-2", "2025-01-11T00:00:00Z", EventCatalog.UserUpdated, new EventData { Aliases = ["desk@example.com"] });

        var directory = AliasDirectory.Of([Acme], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Equal("desk@example.com", directory.Resolve(Acme, new Subject("desk@example.com")).Value);
        var anomaly = Assert.Single(directory.Anomalies);
        Assert.Equal("alias-claimed-twice", anomaly.Code);
        Assert.Equal(["desk@example.com", "u-1", "u-2"], anomaly.Subjects.ToArray());
    }

    [Fact]
    public void An_Alias_That_Is_Another_Users_Own_Subject_Is_Not_Merged_And_Is_An_Anomaly()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["u-2"] })
            .Fact("u-2", "2025-01-11T00:00:00Z", EventCatalog.UserCreated);

        var directory = AliasDirectory.Of([Acme], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Equal("u-2", directory.Resolve(Acme, new Subject("u-2")).Value);
        Assert.Equal("alias-claimed-twice", Assert.Single(directory.Anomalies).Code);
    }

    [Fact]
    public void A_Declaration_At_Or_After_The_Cut_Off_Does_Not_Count()
    {
        var scenario = new Scenario().Fact("u-1", "2025-04-01T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] });

        var directory = AliasDirectory.Of([Acme], scenario.Inputs(), Scenario.Utc("2025-04-01T00:00:00Z"));

        Assert.Equal("ana@example.com", directory.Resolve(Acme, new Subject("ana@example.com")).Value);
    }

    [Fact]
    public void Aliases_Resolve_Only_Within_Their_Tenant()
    {
        var scenario = new Scenario().Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] }, tenant: "acme-es");
        var spain = TenantId.Parse("acme-es");

        var directory = AliasDirectory.Of([Acme, spain], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Equal("u-1", directory.Resolve(spain, new Subject("ana@example.com")).Value);
        Assert.Equal("ana@example.com", directory.Resolve(Acme, new Subject("ana@example.com")).Value);
    }

    [Fact]
    public void The_Same_Alias_In_Two_Tenants_Is_No_Conflict()
    {
        var scenario = new Scenario()
            .Fact("u-1", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] })
            .Fact("u-9", "2025-01-10T00:00:00Z", EventCatalog.UserCreated, new EventData { Aliases = ["ana@example.com"] }, tenant: "acme-es");

        var directory = AliasDirectory.Of([Acme, TenantId.Parse("acme-es")], scenario.Inputs(), Scenario.Utc("2026-01-01T00:00:00Z"));

        Assert.Empty(directory.Anomalies);
    }
}
