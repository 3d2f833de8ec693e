using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Articles;
using Syndication.Core.Publishing;

namespace Syndication.Functions.Tests;

/// <summary>
/// Minimal extractor, RSS formatter and OPML writer, added only for the ports that nothing in
/// <c>AddSyndication</c> registers yet (Syndication.Extraction and Syndication.Feeds fill them in their own
/// branches). Once those are registered these are not used, and the tests run the real pipeline unchanged:
/// the assertions hold for any reasonable extractor and feed writer.
/// </summary>
internal static partial class PipelineStandIns
{
    public static IServiceCollection AddMissingPipelinePorts(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IArticleExtractor)))
        {
            services.AddSingleton<IArticleExtractor, TitleExtractor>();
        }

        if (!services.Any(d => d.ServiceType == typeof(IFeedFormatter)))
        {
            services.AddSingleton<IFeedFormatter, RssFormatter>();
        }

        if (!services.Any(d => d.ServiceType == typeof(IOpmlWriter)))
        {
            services.AddSingleton<IOpmlWriter, OpmlWriter>();
        }

        return services;
    }

    [GeneratedRegex("<title>(?<t>.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TitlePattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    private sealed class TitleExtractor : IArticleExtractor
    {
        public ExtractedArticle Extract(ArticleSource source)
        {
            var html = Encoding.UTF8.GetString(source.Content.Span);
            var title = TitlePattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["t"].Value).Trim() : "";
            if (title.Length == 0)
            {
                throw new ExtractionException("The page has no title.");
            }

            var text = WebUtility.HtmlDecode(TagPattern().Replace(html, " ")).Trim();
            return new ExtractedArticle { Title = title, Text = text, Html = html, Summary = text[..Math.Min(200, text.Length)], Language = "en" };
        }
    }

    private sealed class RssFormatter : IFeedFormatter
    {
        public string FileName => "rss.xml";
        public string ArchiveSuffix => ".rss.xml";
        public string ContentType => "application/rss+xml; charset=utf-8";

        public byte[] Format(FeedDocument document)
        {
            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartElement("rss");
                xml.WriteAttributeString("version", "2.0");
                xml.WriteStartElement("channel");
                xml.WriteElementString("title", document.Title);
                xml.WriteElementString("link", document.SiteUrl);
                foreach (var entry in document.Entries)
                {
                    xml.WriteStartElement("item");
                    xml.WriteElementString("title", entry.Title);
                    xml.WriteElementString("link", entry.Url);
                    xml.WriteElementString("guid", entry.Id);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            return buffer.ToArray();
        }
    }

    private sealed class OpmlWriter : IOpmlWriter
    {
        public byte[] Write(string title, IReadOnlyList<OpmlOutline> outlines)
        {
            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartElement("opml");
                xml.WriteAttributeString("version", "2.0");
                xml.WriteStartElement("head");
                xml.WriteElementString("title", title);
                xml.WriteEndElement();
                xml.WriteStartElement("body");
                foreach (var outline in outlines)
                {
                    xml.WriteStartElement("outline");
                    xml.WriteAttributeString("text", outline.Title);
                    xml.WriteAttributeString("xmlUrl", outline.XmlUrl);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            return buffer.ToArray();
        }
    }
}
