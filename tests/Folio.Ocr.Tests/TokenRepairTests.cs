using Folio.Documents;
using Folio.Ocr.Recognition;
using Folio.Testing;
using Xunit.Abstractions;

namespace Folio.Ocr.Tests;

/// <summary>Token repair: capitals the recognizer reads small, and spaces it reads inside web addresses.</summary>
public sealed class TokenRepairTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    [Theory]
    [InlineData("is STRsxP or ENvsxP", "is STRSXP or ENVSXP")]
    [InlineData("WEAKREFSxP VECSxP", "WEAKREFSXP VECSXP")]
    [InlineData("must be AsClI and", "must be ASCII and")]
    [InlineData("R_Unboundvalue", "R_Unboundvalue")]
    public void Letters_of_one_shape_in_both_cases_are_raised_inside_words_of_capitals(string read, string repaired) =>
        Assert.Equal(repaired, TokenRepair.Apply(read));

    [Theory]
    [InlineData("the PDFs and URLs of CPUs")]
    [InlineData("at 3 GHz or 40 MHz")]
    [InlineData("macOS and iOS, a NaCl crystal")]
    [InlineData("Such cases are rare; so we choose")]
    [InlineData("x <- c(10, 5) # vs SEXP")]
    public void Words_that_are_not_all_capitals_are_left_alone(string text) =>
        Assert.Equal(text, TokenRepair.Apply(text));

    [Theory]
    [InlineData("available at https: //www.omegahat .net/ RObjectTables", "available at https://www.omegahat.net/ RObjectTables")]
    [InlineData("such as unixODBC (http: //www. unixODBC.org)", "such as unixODBC (http://www.unixODBC.org)")]
    [InlineData("see www.r-project. org for", "see www.r-project.org for")]
    public void Spaces_inside_a_web_address_are_removed(string read, string repaired) =>
        Assert.Equal(repaired, TokenRepair.Apply(read));

    [Theory]
    [InlineData("at https://www.r-project.org. The next")]
    [InlineData("the note: //comment")]
    [InlineData("in the parent . env function")]
    [InlineData("see https://cran.r-project.org/ and then")]
    public void Spaces_outside_an_address_or_at_its_end_stay(string text) =>
        Assert.Equal(text, TokenRepair.Apply(text));

    [Theory]
    [InlineData("the usual\\begin and the\\vspace command", "the usual \\begin and the \\vspace command")]
    [InlineData("with a\\thanks command", "with a \\thanks command")]
    public void A_control_word_joined_to_the_word_before_it_gets_its_space(string read, string repaired) =>
        Assert.Equal(repaired, TokenRepair.Apply(read));

    [Theory]
    [InlineData("cat(\"a text\\n\")")]
    [InlineData("in C:\\Users\\me")]
    [InlineData("\\newcommand\\foo and \\\\ and a\\b")]
    [InlineData("}\\maketitle")]
    public void Backslashes_inside_other_tokens_stay_joined(string text) =>
        Assert.Equal(text, TokenRepair.Apply(text));

    [RealPdfFact]
    public void A_real_page_of_type_codes_and_an_address_reads_in_capitals_and_whole()
    {
        // R-ints.pdf p11 (1-based) names SEXP types in capitals and gives a web address.
        var pdf = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(RepoPaths.RealPdf)!, "R-ints.pdf"));
        using var document = DocumentOpener.Open(pdf, DocumentLimits.Default);
        var page = fixture.Engine.Recognize(document.RenderPage(10, 150), 11, dpi: 150);
        var text = string.Join(' ', page.Blocks.Select(b => b.Text));
        output.WriteLine(text);
        foreach (var word in new[] { "STRSXP", "ENVSXP", "VECSXP", "https://www.omegahat.net/" })
        {
            Assert.Contains(word, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("sxP", text, StringComparison.Ordinal);
    }
}
