using Folio.Pages.Layout;

namespace Folio.Ocr.Tests;

/// <summary>The mail addresses that tell authors side by side from a table (see also JournalPageTests).</summary>
public sealed class AuthorGridTests
{
    [Theory]
    [InlineData("trovato@corporation.com", true)]
    [InlineData("{ben,lars}@affiliation.org", true)]
    [InlineData("Email: jsmith@univ.edu", true)]
    [InlineData("@twitter", false)]
    [InlineData("price @ 5.00", false)]
    [InlineData("a@b", false)]
    [InlineData("x@y.z (see §2)", true)]
    public void Mail_addresses_are_told_from_other_at_signs(string text, bool isMail) =>
        Assert.Equal(isMail, AuthorGrid.IsMailAddress(text));
}
