using Metering.Cli.Tenants;

namespace Metering.Cli.Tests.Tenants;

public sealed class TenantsFileTests
{
    [Fact]
    public void A_Valid_File_Gives_Every_Tenant_With_Its_Zone_Defaulting_To_Utc()
    {
        var (tenants, problems) = TenantsFile.Parse("""
            [
              {"id": "acme", "zone": "Europe/Berlin", "sources": ["app://crm", "https://lms.example/x"]},
              {"id": "globex", "sources": ["app://g"]}
            ]
            """);

        Assert.Empty(problems);
        Assert.Equal(["acme", "globex"], tenants.Select(t => t.Id.Value));
        Assert.Equal("Europe/Berlin", tenants[0].Zone.Id);
        Assert.Equal("UTC", tenants[1].Zone.Id);
        Assert.Equal(["app://crm", "https://lms.example/x"], tenants[0].Sources);
    }

    [Fact]
    public void Senders_Are_Optional_And_Name_The_Event_Hubs_That_May_Deliver_The_Tenants_Events()
    {
        var (tenants, problems) = TenantsFile.Parse("""
            [
              {"id": "acme", "sources": ["app://crm"], "senders": ["lms", "crm-eu"]},
              {"id": "globex", "sources": ["app://g"]}
            ]
            """);

        Assert.Empty(problems);
        Assert.Equal(["crm-eu", "lms"], tenants[0].Senders);
        Assert.Empty(tenants[1].Senders);
    }

    [Theory]
    [InlineData("""{"id": "acme", "sources": [], "senders": "lms"}""", "$[0].senders: expected an array of sender ids.")]
    [InlineData("""{"id": "acme", "sources": [], "senders": ["LMS"]}""", "$[0].senders[0]: 'LMS' is not a sender id ([a-z0-9][a-z0-9-]{0,62}).")]
    [InlineData("""{"id": "acme", "sources": [], "senders": ["lms", "lms"]}""", "$[0].senders[1]: sender 'lms' is listed more than once.")]
    public void A_Bad_Senders_List_Is_Named(string tenant, string problem)
    {
        var (tenants, problems) = TenantsFile.Parse("[" + tenant + "]");

        Assert.Empty(tenants);
        Assert.Equal([problem], problems);
    }

    [Fact]
    public void An_Object_With_A_Tenants_Array_Is_Accepted_Too()
    {
        var (tenants, problems) = TenantsFile.Parse("""{"tenants": [{"id": "acme", "zone": null, "sources": []}]}""");

        Assert.Empty(problems);
        Assert.Equal("UTC", Assert.Single(tenants).Zone.Id);
    }

    [Fact]
    public void Every_Problem_Is_Reported_With_Where_It_Is_And_No_Tenant_Is_Returned()
    {
        var (tenants, problems) = TenantsFile.Parse("""
            [
              {"id": "Acme", "zone": "Mars/Olympus", "sources": ["", 42], "colour": "red"},
              {"id": "ok", "sources": ["app://a", "app://a"]},
              {"zone": "UTC"},
              {"id": "ok", "sources": ["app://b"]},
              "acme"
            ]
            """);

        Assert.Empty(tenants);
        Assert.Equal(
        [
            "$[0].id: 'Acme' is not a tenant id ([a-z0-9][a-z0-9-]{0,62}).",
            "$[0].zone: 'Mars/Olympus' is not an IANA time zone (such as 'Europe/Berlin' or 'UTC').",
            "$[0].sources[0]: '' is not a non-empty URI-reference.",
            "$[0].sources[1]: 42 is not a non-empty URI-reference.",
            "$[0].colour: unknown property (expected 'id', 'zone', 'sources', 'senders').",
            "$[1].sources[1]: source 'app://a' is listed more than once.",
            "$[2]: 'id' is required.",
            "$[2]: 'sources' is required (the apps allowed to write for the tenant).",
            "$[3].id: tenant 'ok' is listed more than once.",
            "$[4]: expected an object with 'id', 'zone' and 'sources'.",
        ], problems);
    }

    [Theory]
    [InlineData("[{\"id\": \"acme\",", "not valid JSON")]
    [InlineData("42", "expected a JSON array of tenants")]
    [InlineData("[]", "$: no tenants listed.")]
    public void A_File_That_Is_Not_A_List_Of_Tenants_Is_Rejected(string json, string problem)
    {
        var (tenants, problems) = TenantsFile.Parse(json);

        Assert.Empty(tenants);
        Assert.StartsWith(problem, Assert.Single(problems), StringComparison.Ordinal);
    }
}
