using System.Text;
using CsCheck;
using Metering.Domain.Events;
using Metering.Domain.Events.Parsing;

namespace Metering.Domain.Tests.Events;

public sealed class SubjectTableTests
{
    [Fact]
    public void The_Same_Subject_Gets_The_Same_Id_And_String_Instance()
    {
        var table = new SubjectTable();

        var first = table.Intern("ann/dev #1"u8, out _);
        var other = table.Intern("bob"u8, out _);
        var again = table.Intern("ann/dev #1"u8, out _);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("ann/dev #1", table.Text(first.Id));
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

        Assert.Equal(expected, table.Intern(Encoding.UTF8.GetBytes(subject), out _).Problem.ToString());
        Assert.Equal(expected, table.Intern(Encoding.UTF8.GetBytes(subject), out _).Problem.ToString());
    }

    [Theory]
    [InlineData(256, "None")]
    [InlineData(257, "TooLong")]
    public void Two_Hundred_Fifty_Six_Four_Byte_Characters_Are_Kept_One_More_Is_Too_Long(int emoji, string expected)
    {
        var subject = string.Concat(Enumerable.Repeat("😀", emoji));
        var table = new SubjectTable();

        var (problem, id) = table.Intern(Encoding.UTF8.GetBytes(subject), out var unkept);

        Assert.Equal(expected, problem.ToString());
        Assert.Equal(subject, id >= 0 ? table.Text(id) : unkept);
    }

    [Fact]
    public void A_Subject_Longer_Than_Any_Valid_One_Is_Checked_But_Not_Kept()
    {
        var subject = new string('x', SubjectTable.MaxInternedBytes + 1);
        var table = new SubjectTable();

        var (problem, id) = table.Intern(Encoding.UTF8.GetBytes(subject), out var unkept);

        Assert.Equal(("TooLong", -1, subject, 0), (problem.ToString(), id, unkept, table.Count));
    }

    [Fact]
    public void A_Cleared_Table_Starts_Again_From_Id_Zero()
    {
        var table = new SubjectTable();
        table.Intern("ann"u8, out _);
        table.Intern("bob"u8, out _);

        table.Clear();
        var (_, id) = table.Intern("bob"u8, out _);

        Assert.Equal((0, 1, "bob"), (id, table.Count, table.Text(0)));
    }

    [Fact]
    public void Ranks_Order_Subjects_Ordinally_By_Their_Text()
    {
        Gen.String[1, 12].List[0, 200].Sample(subjects =>
        {
            var table = new SubjectTable();
            foreach (var subject in subjects.Where(s => !s.Any(char.IsSurrogate)))
            {
                table.Intern(Encoding.UTF8.GetBytes(subject), out _);
            }

            var ranks = table.OrdinalRanks();
            var byRank = Enumerable.Range(0, table.Count).OrderBy(id => ranks[id]).Select(table.Text).ToList();

            Assert.Equal(Enumerable.Range(0, table.Count).Select(table.Text).Order(StringComparer.Ordinal), byRank);
            Assert.Equal(table.Count, ranks.Distinct().Count());
        }, iter: 300);
    }

    [Fact]
    public void Ranks_Are_Ordinal_Where_Prefixes_Tie_Or_Saturate()
    {
        // Subjects sorted first by a prefix of eight code units, each at most one byte (0xFE and above all become one
        // value): long shared prefixes, code units at and past that cap, a supplementary character and one above it.
        string[] pieces = ["a", "b", "\u00fe", "\u00ff", "\u0100", "\ue000", "\uffee", "😀", "u0165", "@x", "\u0001"];
        Gen.Int[0, pieces.Length - 1].Array[0, 6].List[0, 120].Sample(picks =>
        {
            var table = new SubjectTable();
            foreach (var pick in picks)
            {
                table.Intern(Encoding.UTF8.GetBytes("u0165" + string.Concat(pick.Select(p => pieces[p]))), out _);
            }

            var ranks = table.OrdinalRanks();
            var byRank = Enumerable.Range(0, table.Count).OrderBy(id => ranks[id]).Select(table.Text).ToList();

            Assert.Equal(Enumerable.Range(0, table.Count).Select(table.Text).Order(StringComparer.Ordinal), byRank);
        }, iter: 300);
    }

    [Theory]
    [InlineData("", "a")]
    [InlineData("a", "b")]
    [InlineData("a", "a\u0000")]
    [InlineData("abcdefgh", "abcdefgi")]
    [InlineData("\u00fd", "\u00fe")]
    [InlineData("u0165\u00fdz", "u0165\u00fe")]
    public void A_Smaller_Text_Has_A_Smaller_Prefix_Up_To_A_Code_Unit_Of_0xFE(string smaller, string larger)
    {
        Assert.True(string.CompareOrdinal(smaller, larger) < 0);
        Assert.True(SubjectTable.OrdinalPrefix(smaller) < SubjectTable.OrdinalPrefix(larger));
    }

    [Theory]
    [InlineData("\u00fe", "\u4e00")]
    [InlineData("u0165\ud83d\ude00\u0100b", "u0165\uffee")]
    public void Texts_Equal_Up_To_A_Code_Unit_Of_0xFE_Or_More_Have_Equal_Prefixes_Whatever_Follows(string smaller, string larger)
    {
        // The full comparison decides them: the rest of the prefix must not (the second row put them the wrong way round).
        Assert.True(string.CompareOrdinal(smaller, larger) < 0);
        Assert.Equal(SubjectTable.OrdinalPrefix(smaller), SubjectTable.OrdinalPrefix(larger));
    }

    [Fact]
    public void Thousands_Of_Subjects_Keep_Their_Ids_And_Verdicts_As_The_Table_Grows_And_Is_Cleared()
    {
        var table = new SubjectTable();
        for (var round = 0; round < 2; round++)
        {
            var subjects = Enumerable.Range(0, 5_000).Select(i => i % 97 == 0 ? $"bad\t{i}" : $"u{i:D5}@tenant-{round}.example").ToArray();
            var ids = subjects.Select(s => table.Intern(Encoding.UTF8.GetBytes(s), out _)).ToArray();

            Assert.Equal(Enumerable.Range(0, subjects.Length), ids.Select(i => i.Id));
            for (var i = 0; i < subjects.Length; i++)
            {
                var again = table.Intern(Encoding.UTF8.GetBytes(subjects[i]), out _);
                Assert.Equal(ids[i], again);
                Assert.Equal(i % 97 == 0 ? OpaqueTextProblem.ControlCharacter : OpaqueTextProblem.None, again.Problem);
                Assert.Equal(subjects[i], table.Text(again.Id));
            }

            table.Clear();
        }
    }
}
