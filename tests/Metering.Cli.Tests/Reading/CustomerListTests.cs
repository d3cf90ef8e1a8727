using Metering.Cli.Reading;

namespace Metering.Cli.Tests.Reading;

/// <summary>docs/explaining.md, "The customer's list": what <c>reconcile --list</c> reads as ids.</summary>
public class CustomerListTests
{
    [Theory]
    [InlineData("ana\nbob\n", false, "ana|bob", 0)]
    [InlineData("ana\r\nbob\r\n", false, "ana|bob", 0)]
    [InlineData("ana\n\n   \nbob", false, "ana|bob", 0)]
    [InlineData(" ana \nana\n", false, " ana |ana", 0)]
    [InlineData("ana\nbob\nana\n", false, "ana|bob", 1)]
    [InlineData("ana/β #1\nu,with,commas\n", false, "ana/β #1|u,with,commas", 0)]
    [InlineData("'=cmd\n'-1\n'x\n", false, "=cmd|-1|'x", 0)]
    [InlineData("tenant,unit,dimension\nacme,ana,\nacme,bob,\n", true, "ana|bob", 0)]
    [InlineData("Team,User-Id\nred,ana\nblue,bob\n", true, "ana|bob", 0)]
    [InlineData("ana,red\nbob,blue\n", true, "ana|bob", 0)]
    [InlineData("unit\n\"u,with,commas\"\n\"say \"\"hi\"\"\"\n", true, "u,with,commas|say \"hi\"", 0)]
    [InlineData("unit\n'@sum\nana\nana\n", true, "@sum|ana", 1)]
    [InlineData("unit\n\n\nana\n", true, "ana", 0)]
    [InlineData("''=x\n''x\n'x\n", false, "'=x|'x", 1)]
    [InlineData("id,user\nana,u1\n", true, "ana", 0)]
    [InlineData("Team,Email\nred,ana@example\n", true, "Team|red", 0)]
    public void Reads_The_Ids_Of_A_List(string text, bool csv, string ids, int repeated)
    {
        var (read, repeats) = CustomerList.Read(new StringReader(text), csv);

        Assert.Equal(ids.Split('|'), read);
        Assert.Equal(repeated, repeats);
    }

    [Fact]
    public void A_Csv_With_A_Quote_Left_Open_Is_Refused()
    {
        Assert.Throws<CsvHelper.CsvFormatException>(() => CustomerList.Read(new StringReader("unit\n\"ana\nbob\n"), csv: true));
    }
}
