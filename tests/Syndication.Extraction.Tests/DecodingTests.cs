using System.Text;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

public class DecodingTests
{
    static DecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string RussianBody = """
        <p>Правительство утвердило программу развития энергетики до 2035 года, сообщили в министерстве.</p>
        <p>По оценке экспертов института, инвестиции в сети потребуют пересмотра тарифов в ближайшие годы.</p>
        <p>Региональные компании предупреждают, что износ оборудования в северных областях превышает шестьдесят процентов.</p>
        """;

    [Theory]
    [InlineData("windows-1251", "<meta charset=\"windows-1251\">")]
    [InlineData("windows-1251", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">")]
    [InlineData("koi8-r", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">")]
    public void Extract_CyrillicLegacyCharsetDeclaredInMeta_DecodesText(string charset, string meta)
    {
        var html = Extractors.Page(RussianBody, meta + "<title>Энергетика до 2035 года</title>", "ru").Replace("<meta charset=\"utf-8\">", "", StringComparison.Ordinal);
        var bytes = Encoding.GetEncoding(charset).GetBytes(html);

        var article = Extractors.FromBytes(bytes);

        Assert.True(article.Text.Contains("Правительство утвердило программу", StringComparison.Ordinal), $"{charset} via {meta}: {article.Text}");
        Assert.Equal("Энергетика до 2035 года", article.Title);
        Assert.Equal("ru", article.Language);
    }

    [Fact]
    public void Extract_CharsetOnlyInContentType_UsesContentType()
    {
        var html = Extractors.Page(RussianBody, "<title>Энергетика</title>", "ru").Replace("<meta charset=\"utf-8\">", "", StringComparison.Ordinal);
        var bytes = Encoding.GetEncoding("windows-1251").GetBytes(html);

        var article = Extractors.FromBytes(bytes, contentType: "text/html; charset=windows-1251");

        Assert.Contains("Правительство утвердило программу", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("windows-1251")]
    [InlineData("koi8-r")]
    public void Extract_UndeclaredLegacyCyrillic_DetectsCharset(string charset)
    {
        var html = Extractors.Page(RussianBody, "<title>Энергетика</title>", "ru").Replace("<meta charset=\"utf-8\">", "", StringComparison.Ordinal);
        var bytes = Encoding.GetEncoding(charset).GetBytes(html);

        var article = Extractors.FromBytes(bytes);

        Assert.True(article.Text.Contains("Правительство утвердило программу", StringComparison.Ordinal), $"undeclared {charset}: {article.Text}");
    }

    [Fact]
    public void Extract_Utf8WithoutDeclaration_DecodesAsUtf8()
    {
        var html = Extractors.Page(RussianBody + "<p>Қазақстан — «жасыл» энергетика.</p>", "<title>Энергетика</title>", "ru").Replace("<meta charset=\"utf-8\">", "", StringComparison.Ordinal);

        var article = Extractors.FromBytes(Encoding.UTF8.GetBytes(html));

        Assert.Contains("Правительство утвердило программу", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Utf8BomAndWrongMeta_BomWins()
    {
        var html = Extractors.Page(RussianBody, "<meta charset=\"windows-1251\"><title>Энергетика</title>", "ru").Replace("<meta charset=\"utf-8\">", "", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(html)).ToArray();

        var article = Extractors.FromBytes(bytes);

        Assert.Contains("Правительство утвердило программу", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Utf16WithBom_Decodes()
    {
        var html = Extractors.Page(RussianBody, "<title>Энергетика</title>", "ru");
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(html)).ToArray();

        var article = Extractors.FromBytes(bytes);

        Assert.Contains("Правительство утвердило программу", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16BE")]
    [InlineData("utf-16")]
    public void Extract_Utf16WithoutBom_RecognisedByItsNulBytes(string charset)
    {
        var html = Extractors.Page(RussianBody, "<title>Энергетика</title>", "ru");
        var bytes = Encoding.GetEncoding(charset).GetBytes(html); // GetBytes writes no byte-order mark

        var article = Extractors.FromBytes(bytes);

        Assert.Contains("Правительство утвердило программу", article.Text, StringComparison.Ordinal);
        Assert.Equal("Энергетика", article.Title);
    }

    [Fact]
    public void Extract_BinaryWithNulBytesInEveryOtherPlace_StillRefused()
    {
        // Little-endian 16-bit samples of a quiet signal: every second byte is NUL, but it is no text.
        var bytes = Enumerable.Range(0, 2048).SelectMany(i => new[] { (byte)(i % 7), (byte)0 }).ToArray();

        var error = Assert.Throws<ExtractionException>(() => Extractors.FromBytes(bytes, "article.html"));

        Assert.Contains("NUL bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 0x20, 0x0A, 0x0D, 0x0A }, "empty")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D }, "PNG")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34 }, "PDF")]
    public void Extract_EmptyOrBinaryFile_ThrowsReaderFacingReason(byte[] bytes, string expected)
    {
        var error = Assert.Throws<ExtractionException>(() => Extractors.FromBytes(bytes, "article.html"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("article.html", error.Message, StringComparison.Ordinal);
    }
}
