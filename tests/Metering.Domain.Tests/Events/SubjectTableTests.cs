using System.Text;
using CsCheck;
using Metering.Domain.Events;

namespace Metering.Domain.Tests.Events;

public sealed class SubjectTableTests
{
    [Fact]
    public void The_Same_Subject_Gets_The_Same_Id_And_String_Instance()
    {
        var table = new SubjectTable();

        var first = table.Intern("ann/dev #1"u8);
        var other = table.Intern("bob"u8);
        var again = table.Intern("ann/dev #1"u8);

        Assert.Equal(first.Id, again.Id);
        Assert.Same(first.Text, again.Text);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(2, table.Count);
    }

    [Theory]
    [InlineData("ann", "None")]
    [InlineData("Zoë Ünïcødé 😀 a/b#c?d\\e%f", "None")]
    [InlineData("tab\there", "ControlCharacter")]
    [InlineData("c1\u0085control", "ControlCharacter")]
    public void A_Subject_Is_Checked_Once_Against_The_Identifier_Rule(string subject, string expected)
    {
        var table = new SubjectTable();

        Assert.Equal(expected, table.Intern(Encoding.UTF8.GetBytes(subject)).Problem.ToString());
        Assert.Equal(expected, table.Intern(Encoding.UTF8.GetBytes(subject)).Problem.ToString());
    }

    [Theory]
    [InlineData(256, "None")]
    [InlineData(257, "TooLong")]
    public void Two_Hundred_Fifty_Six_Four_Byte_Characters_Are_Kept_One_More_Is_Too_Long(int emoji, string expected)
    {
        var subject = string.Concat(Enumerable.Repeat("😀", emoji));
        var table = new SubjectTable();

        var (text, problem, id) = table.Intern(Encoding.UTF8.GetBytes(subject));

        Assert.Equal((subject, expected), (text, problem.ToString()));
        Assert.Equal(problem == OpaqueTextProblem.None, id >= 0);
    }

    [Fact]
    public void Ranks_Order_Subjects_Ordinally_By_Their_Text()
    {
        Gen.String[1, 12].List[0, 200].Sample(subjects =>
        {
            var table = new SubjectTable();
            foreach (var subject in subjects.Where(s => !s.Any(char.IsSurrogate)))
            {
                table.Intern(Encoding.UTF8.GetBytes(subject));
            }

            var ranks = table.OrdinalRanks();
            var byRank = Enumerable.Range(0, table.Count).OrderBy(id => ranks[id]).Select(table.Text).ToList();

            Assert.Equal(Enumerable.Range(0, table.Count).Select(table.Text).Order(StringComparer.Ordinal), byRank);
            Assert.Equal(table.Count, ranks.Distinct().Count());
        }, iter: 300);
    }
}
