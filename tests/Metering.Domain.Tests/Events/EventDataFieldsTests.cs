using System.Text;
using Metering.Domain.Events;
using Metering.Testing;
using NodaTime;

namespace Metering.Domain.Tests.Events;

/// <summary>Each catalogued data field is declared once, and the parser, the stored fact and the docs agree with it.</summary>
public sealed class EventDataFieldsTests
{
    private static readonly EventData Everything = new()
    {
        Deployment = "on-premises", Origin = "app", Scheduled = false, Space = "group", ContentId = "book-1", Action = "launch",
        SessionId = "s-1", AccountType = "person", Active = true, Roles = ["admin"], Aliases = ["ann@example.com"],
        AccessId = "A-1", Role = "admin", LicenseId = "L-1", ExpiresAt = Instant.FromUtc(2026, 1, 1, 0, 0), CourseId = "c-1",
        Visible = true, UserId = "ann", KnowledgeWorkers = 300, DeployedKnowledgeWorkers = 120, Employees = 900,
    };

    [Fact]
    public void Every_Flag_Has_Exactly_One_Declaration_With_A_Unique_Name()
    {
        var flags = Enum.GetValues<DataField>().Where(f => f != DataField.None).ToList();

        Assert.Equal(flags.Order(), EventDataFields.All.Select(f => f.Flag).Order());
        Assert.Equal(EventDataFields.All.Length, EventDataFields.All.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Flags_Ascend_In_Catalogue_Order()
    {
        // The content digest walks a payload's fields by their bits and must meet them in catalogue order (its stored
        // encoding), as the stored fact line and the parser's builder do.
        var flags = EventDataFields.All.Select(f => (int)f.Flag).ToList();

        Assert.Equal(flags.Order(), flags);
    }

    [Fact]
    public void The_Parsers_Name_Switch_Finds_Each_Declared_Field_And_Nothing_Else()
    {
        foreach (var field in EventDataFields.All)
        {
            Assert.Equal(field.Flag, EventDataReader.Identify(Encoding.UTF8.GetBytes(field.Name)));
            Assert.Equal("data." + field.Name, EventDataFields.PathOf(field.Flag));
        }

        Assert.Equal(DataField.None, EventDataReader.Identify("Deployment"u8));
        Assert.Equal(DataField.None, EventDataReader.Identify("deployedKnowledgeWorkersX"u8));
        Assert.Equal(DataField.None, EventDataReader.Identify(""u8));
    }

    [Fact]
    public void Every_Field_Reads_Back_What_It_Sets()
    {
        var copy = EventData.None;
        foreach (var field in EventDataFields.All)
        {
            copy = field switch
            {
                TextField text => text.Set(copy, text.Get(Everything)),
                FlagField flag => flag.Set(copy, flag.Get(Everything)),
                CountField count => count.Set(copy, count.Get(Everything)),
                ListField list => list.Set(copy, list.Get(Everything)),
                InstantField instant => instant.Set(copy, instant.Get(Everything)),
                _ => throw new InvalidOperationException(field.Name),
            };
        }

        // Records compare arrays by reference; the same instances were copied, so equal means every field was carried.
        Assert.Equal(Everything, copy);
    }

    [Fact]
    public void Docs_Name_Every_Field()
    {
        var docs = File.ReadAllText(RepositoryFile.PathOf("docs/events.md"));

        Assert.All(EventDataFields.All, f => Assert.Contains($"`{f.Name}`", docs, StringComparison.Ordinal));
    }
}
