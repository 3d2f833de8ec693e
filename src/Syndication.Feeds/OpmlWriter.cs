using System.Text;
using System.Xml;
using Syndication.Core.Publishing;

namespace Syndication.Feeds;

/// <summary>
/// OPML 2.0 subscription list of every feed (<c>feeds/index.opml</c>). No date in the head, so an unchanged list
/// gives unchanged bytes (and keeps its ETag).
/// </summary>
public sealed class OpmlWriter : IOpmlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CheckCharacters = false,
    };

    public byte[] Write(string title, IReadOnlyList<OpmlOutline> outlines)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("opml");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteStartElement("head");
            writer.WriteElementString("title", FeedText.Clean(title));
            writer.WriteEndElement();
            writer.WriteStartElement("body");
            foreach (var outline in outlines)
            {
                writer.WriteStartElement("outline");
                writer.WriteAttributeString("type", "rss");
                writer.WriteAttributeString("text", FeedText.Clean(outline.Title));
                writer.WriteAttributeString("title", FeedText.Clean(outline.Title));
                writer.WriteAttributeString("version", VersionOf(outline.Type));
                writer.WriteAttributeString("xmlUrl", outline.XmlUrl);
                writer.WriteAttributeString("htmlUrl", outline.HtmlUrl);
                if (!string.IsNullOrEmpty(outline.Language))
                {
                    writer.WriteAttributeString("language", outline.Language);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>OPML's <c>version</c> attribute names the feed format; the outline's type carries the file name.</summary>
    private static string VersionOf(string type) => type switch
    {
        "atom.xml" or "atom" => "ATOM",
        "feed.json" or "json" => "JSONFEED",
        _ => "RSS2",
    };
}
