using Metering.Storage.Accounts;

namespace Metering.Storage.Tests.Accounts;

public sealed class StorageNamesTests
{
    [Fact]
    public void Without_A_Prefix_The_Names_Are_The_Documented_Defaults()
    {
        var names = StorageNames.Default;

        Assert.Equal(["presence", "facts", "sessions", "touches", "tenants"], [names.Presence, names.Facts, names.Sessions, names.Touches, names.Tenants]);
        Assert.Equal(["archive", "deadletter"], [names.Archive, names.DeadLetter]);
    }

    [Fact]
    public void A_Prefix_Joins_Table_Names_Directly_And_Container_Names_With_A_Hyphen()
    {
        var names = new StorageNames("blue2");

        Assert.Equal("blue2presence", names.Presence);
        Assert.Equal("blue2-archive", names.Archive);
        Assert.Equal("blue2-invoices", names.Container("invoices"));
    }

    [Theory]
    [InlineData("Blue")]
    [InlineData("2blue")]
    [InlineData("blue-green")]
    [InlineData("blue_green")]
    [InlineData("a23456789012345678901234567890123456789012")]
    public void A_Prefix_That_Would_Make_An_Invalid_Table_Or_Container_Name_Is_Refused(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new StorageNames(prefix));
    }
}
