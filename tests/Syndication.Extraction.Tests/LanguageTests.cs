namespace Syndication.Extraction.Tests;

/// <summary>The article's language: what the page declares, unless its text plainly says otherwise.</summary>
public class LanguageTests
{
    private const string Kazakh = """
        <p>Солтүстік Арал теңізінің деңгейі Көкарал бөгеті салынғаннан кейін шамамен үш метрге көтерілді. Бұл аймақтағы балық шаруашылығын қайта жандандырды.</p>
        <p>Арал ауданындағы балықшылардың айтуынша, жылдық аулау көлемі қазір жеті мың тоннаға дейін өсті.</p>
        """;

    private const string Portuguese = """
        <p>A prefeitura anunciou nesta semana que o novo calendário das obras será divulgado em janeiro, depois de uma reunião com os moradores do bairro.</p>
        <p>Segundo o secretário, a maior parte dos recursos já foi garantida e as primeiras ruas devem ser asfaltadas antes do período das chuvas, o que não acontecia há anos.</p>
        """;

    [Theory]
    [InlineData(Kazakh, "ru", "kk")]
    [InlineData(Extractors.EnglishParagraphs, "de", "en")]
    [InlineData(Portuguese, "", "pt")]
    [InlineData(Portuguese, "pt-BR", "pt")]
    [InlineData(Extractors.EnglishParagraphs, "en-GB", "en")]
    public void Extract_DeclaredAndWritten_TextDecidesWhenItLeavesNoDoubt(string body, string declared, string expected)
    {
        var html = Extractors.Page(body, lang: declared);

        Assert.Equal(expected, Extractors.FromHtml(html).Language);
    }

    [Fact]
    public void Extract_ShortLatinTextOnDeclaredPage_DeclarationKept()
    {
        // Too few function words to overrule the page: a German page whose one paragraph is mostly a product name.
        var html = Extractors.Page("<p>Neue Version: Stadia Controller Founders Edition 2019, jetzt verfügbar für alle Kunden in Deutschland und Österreich.</p>", lang: "de");

        Assert.Equal("de", Extractors.FromHtml(html).Language);
    }

    [Fact]
    public void Extract_JapaneseDeclaredKanjiHeavyText_StaysJapanese()
    {
        var html = Extractors.Page("<p>商標法違反事件。東京地方裁判所判決。被告人懲役二年執行猶予四年罰金二百万円。商品改造販売行為商標権侵害認定。</p>", lang: "ja");

        Assert.Equal("ja", Extractors.FromHtml(html).Language);
    }
}
