using System.Net;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>The pages a running <c>syndication run</c> serves name an article's translations, from a real sample.</summary>
public sealed class TranslationPagesTests
{
    private const string RussianUrl = "https://steppe-policy.example/ru/analytics/grid-investment-2030/";

    [Fact]
    public async Task Run_SampleNamingItsRussianVersion_ArticlePageAndOperatorPageLinkIt()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var port = FreePorts.Take(1)[0];
        var sample = Path.Combine(CliProcess.SamplesFolder, "en-grid-investment.html");
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, sample])).ExitCode);
        using var host = CliProcess.Start(["run", "--data", data, "--urls", $"http://127.0.0.1:{port}"],
            environment: new Dictionary<string, string> { ["Local__ReconcileInterval"] = "00:05:00" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await LocalPipelineTests.WaitUntilAsync(
                () => Task.FromResult(Directory.Exists(Path.Combine(data, "entries")) && Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").Any()),
                TimeSpan.FromSeconds(60), "the sample's entry");
            var id = Path.GetFileNameWithoutExtension(Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").Single());

            using var article = await http.GetAsync("/articles/" + id);
            var page = await article.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
            var head = page[..page.IndexOf("</head>", StringComparison.Ordinal)];
            Assert.Contains($"<link rel=\"alternate\" hreflang=\"ru\" href=\"{RussianUrl}\">", head, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{RussianUrl}\" hreflang=\"ru\" lang=\"ru\">", page, StringComparison.Ordinal);

            using var operatorPage = await http.GetAsync("/operator/articles/en-grid-investment.html");
            var details = await operatorPage.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, operatorPage.StatusCode);
            Assert.Matches("<td id=\"story\">st_[0-9a-f]{24}</td>", details);
            Assert.Contains($"<td id=\"translations\">ru: <a href=\"{RussianUrl}\" hreflang=\"ru\">{RussianUrl}</a> (not uploaded here yet)</td>", details, StringComparison.Ordinal);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }
}
