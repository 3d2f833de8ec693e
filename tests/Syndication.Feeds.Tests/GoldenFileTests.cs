using System.Text;
using System.Xml.Linq;
using Syndication.Core.Publishing;

namespace Syndication.Feeds.Tests;

/// <summary>
/// Feed XML compared with checked-in baselines, ignoring whitespace and attribute order (as dotnet/runtime's
/// System.ServiceModel.Syndication tests do). Set SYNDICATION_UPDATE_GOLDEN=1 to rewrite the baselines after a
/// deliberate change, then review the diff.
/// </summary>
public class GoldenFileTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "rss", "head" }, { "rss", "archive" }, { "atom", "head" }, { "atom", "archive" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_SampleDocument_MatchesGoldenFile(string format, string kind)
    {
        IFeedFormatter formatter = format == "rss" ? new RssFeedFormatter() : new AtomFeedFormatter();
        var document = kind == "head"
            ? SampleFeeds.Document(SampleFeeds.International(), prev: "archive/2")
            : SampleFeeds.Document(SampleFeeds.International(), archivePage: "archive/2", prev: "archive/1", next: "archive/3");
        var actual = Encoding.UTF8.GetString(formatter.Format(document));
        var name = $"{kind}.{format}.xml";

        if (Environment.GetEnvironmentVariable("SYNDICATION_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(ExternalTool.RepositoryRoot(), "tests", "Syndication.Feeds.Tests", "Golden", name);
            File.WriteAllText(source, actual);
        }

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));
        var want = XmlCanonical.Normalize(expected);
        var got = XmlCanonical.Normalize(actual);
        Assert.True(want == got, $"{name} differs from the golden file.\n--- expected\n{want}\n--- actual\n{got}");
    }

    [Fact]
    public void Normalize_AttributeOrderAndWhitespace_AreIgnored()
    {
        var a = "<a x=\"1\" y=\"2\">\n  <b>t</b>\n</a>";
        var b = "<a y=\"2\"   x=\"1\"><b>t</b></a>";

        Assert.Equal(XmlCanonical.Normalize(a), XmlCanonical.Normalize(b));
        Assert.NotEqual(XmlCanonical.Normalize(a), XmlCanonical.Normalize("<a x=\"1\" y=\"3\"><b>t</b></a>"));
    }
}

/// <summary>Rewrites XML with attributes sorted and insignificant whitespace removed, for comparison.</summary>
public static class XmlCanonical
{
    public static string Normalize(string xml)
    {
        var doc = XDocument.Parse(xml, LoadOptions.None);
        return Write(doc.Root!);
    }

    private static string Write(XElement element)
    {
        var copy = new XElement(element.Name,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal)
                .Select(a => new XAttribute(a.Name, a.Value)));
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XElement child:
                    copy.Add(XElement.Parse(Write(child)));
                    break;
                case XText text when !string.IsNullOrWhiteSpace(text.Value):
                    copy.Add(new XText(text.Value.Trim()));
                    break;
            }
        }

        return copy.ToString(SaveOptions.None);
    }
}
