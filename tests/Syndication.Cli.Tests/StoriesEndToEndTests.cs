using System.Text.Json;
using System.Xml.Linq;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>
/// Issue 16's target through the real CLI and loopback HTTP: one story in Russian, English and Kazakh, uploaded in two
/// batches; a partner reading English, else Russian, gets it once and then the English upgrade, never the Kazakh.
/// </summary>
public sealed class StoriesEndToEndTests
{
    private const string Site = "https://steppe-policy.example";

    private static readonly Dictionary<string, string> Paragraphs = new()
    {
        ["ru"] = """
            <p>Правительство Казахстана утвердило новую программу модернизации водного хозяйства до 2030 года. Документ предусматривает реконструкцию каналов и внедрение систем учёта воды на всех крупных оросительных системах страны.</p>
            <p>По оценкам экспертов института, потери воды при транспортировке сейчас достигают сорока процентов. Программа должна сократить их вдвое, а сэкономленная вода пойдёт на нужды сельского хозяйства южных регионов.</p>
            <p>Финансирование программы будет осуществляться как из республиканского бюджета, так и за счёт займов международных финансовых организаций, с которыми уже ведутся переговоры.</p>
            """,
        ["en"] = """
            <p>The government of Kazakhstan has approved a new programme to modernise the water sector until 2030. The document provides for the reconstruction of canals and the introduction of water metering on all of the country's large irrigation systems.</p>
            <p>According to the institute's experts, the water lost in transport now reaches forty percent. The programme should halve these losses, and the water saved will go to the farms of the southern regions.</p>
            <p>The programme will be financed both from the national budget and with loans from international financial institutions, with which negotiations are already under way.</p>
            """,
        ["kk"] = """
            <p>Қазақстан үкіметі 2030 жылға дейінгі су шаруашылығын жаңғыртудың жаңа бағдарламасын бекітті. Құжат арналарды қайта жаңартуды және елдің барлық ірі суару жүйелерінде су есебін енгізуді көздейді.</p>
            <p>Институт сарапшыларының бағалауынша, тасымалдау кезіндегі су шығыны қазір қырық пайызға жетеді. Бағдарлама бұл шығынды екі есе азайтуы тиіс, ал үнемделген су оңтүстік өңірлердің ауыл шаруашылығына жұмсалады.</p>
            <p>Бағдарлама республикалық бюджеттен және халықаралық қаржы ұйымдарының қарыздары есебінен қаржыландырылады, олармен келіссөздер жүріп жатыр.</p>
            """,
    };

    [Fact]
    public async Task RunOnce_ThreeTranslationsInTwoBatches_EnglishThenRussianPartnerGetsRussianThenEnglishOfOneStoryNeverKazakh()
    {
        await using var partner = await PartnerServer.StartAsync();
        using var temp = new TempFolder();
        var data = temp.File("data");
        Directory.CreateDirectory(Path.Combine(data, "config"));
        await File.WriteAllTextAsync(Path.Combine(data, "config", "partners.json"),
            PartnerJson.Registry(partner.Registration("en-ru", new { languages = new[] { "en", "ru" }, oneLanguagePerStory = true })));
        var pages = new Dictionary<string, string>();
        foreach (var language in Paragraphs.Keys)
        {
            pages[language] = temp.File($"water-programme-{language}.html");
            await File.WriteAllTextAsync(pages[language], Page(language));
        }

        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, pages["ru"]])).ExitCode);
        var first = await CliProcess.RunAsync(["run", "--once", "--data", data], environment: LoopbackDelivery());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, pages["en"], pages["kk"]])).ExitCode);
        var second = await CliProcess.RunAsync(["run", "--once", "--data", data], environment: LoopbackDelivery());
        Assert.True(second.ExitCode == 0, second.ToString());

        var received = partner.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var summary = string.Join("; ", received.Select(r => $"{r.GetProperty("type")} {r.GetProperty("data").GetProperty("language")}"));
        Assert.True(received.Count == 2, $"expected two deliveries, got: {summary}\n{second}");
        Assert.Equal(("article.published", "ru"), Event(received[0]));
        Assert.Equal(("article.updated", "en"), Event(received[1]));
        var story = received[0].GetProperty("data").GetProperty("story").GetString();
        Assert.False(string.IsNullOrEmpty(story));
        Assert.Equal(story, received[1].GetProperty("data").GetProperty("story").GetString());
        Assert.Equal(Url("en"), received[1].GetProperty("data").GetProperty("url").GetString());
        Assert.Equal(
            [("kk", Url("kk")), ("ru", Url("ru"))],
            received[1].GetProperty("data").GetProperty("translations").EnumerateArray().Select(t => (t.GetProperty("language").GetString(), t.GetProperty("url").GetString())));
        Assert.All(partner.Received, r => Assert.Null(r.SignatureProblem));

        // The English Atom entry links its Russian and Kazakh versions.
        var atom = XDocument.Load(Path.Combine(data, "feeds", "en", "atom.xml"));
        XNamespace ns = "http://www.w3.org/2005/Atom";
        var entry = Assert.Single(atom.Root!.Elements(ns + "entry"));
        var translations = entry.Elements(ns + "link")
            .Where(l => (string?)l.Attribute("rel") == "alternate" && l.Attribute("hreflang") is not null)
            .Select(l => ((string)l.Attribute("hreflang")!, (string)l.Attribute("href")!))
            .Order()
            .ToList();
        Assert.Equal([("kk", Url("kk")), ("ru", Url("ru"))], translations);
    }

    private static (string?, string?) Event(JsonElement body) => (body.GetProperty("type").GetString(), body.GetProperty("data").GetProperty("language").GetString());

    private static string Url(string language) => $"{Site}/{language}/analytics/water-programme-2030/";

    private static string Page(string language) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}"><head><meta charset="utf-8">
        <title>{{language}}: water programme 2030</title>
        <link rel="canonical" href="{{Url(language)}}">
        <link rel="alternate" hreflang="kk" href="{{Url("kk")}}">
        <link rel="alternate" hreflang="ru" href="{{Url("ru")}}">
        <link rel="alternate" hreflang="en" href="{{Url("en")}}">
        <link rel="alternate" hreflang="x-default" href="{{Url("ru")}}">
        <meta property="article:published_time" content="2025-03-04T09:00:00+05:00">
        </head>
        <body><main><article><h1>{{language}}: water programme 2030</h1>{{Paragraphs[language]}}</article></main></body></html>
        """;

    private static Dictionary<string, string> LoopbackDelivery() => new()
    {
        ["Delivery__RetrySchedule__0"] = "00:00:00",
        ["Delivery__RetrySchedule__1"] = "00:00:01",
        ["Delivery__Jitter"] = "0",
        ["Delivery__Timeout"] = "00:00:10",
        ["Delivery__RequireHttps"] = "false",
        ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
    };
}
