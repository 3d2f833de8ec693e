using System.Xml;

namespace Syndication.Feeds;

/// <summary>
/// An extension element (<c>content:encoded</c>, <c>atom:link</c>, <c>pubDate</c>) written straight to the feed's
/// <see cref="XmlWriter"/> by <see cref="ExtensionItem"/> and <see cref="ExtensionFeed"/>. A
/// <c>SyndicationElementExtension</c> would copy it into a binary buffer and back through a reader for every document,
/// which for a whole HTML body cost more than the rest of the document.
/// </summary>
/// <param name="Prefix">The prefix declared on the channel for <paramref name="Namespace"/> ("" for none).</param>
/// <param name="Text">Element text, already cleaned; null for an element with attributes only.</param>
internal sealed record ExtensionElement(string Prefix, string LocalName, string Namespace, string? Text, params IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public void WriteTo(XmlWriter writer)
    {
        writer.WriteStartElement(Prefix, LocalName, Namespace);
        foreach (var (name, value) in Attributes)
        {
            writer.WriteAttributeString(name, value);
        }

        if (Text is not null)
        {
            writer.WriteString(Text);
        }

        // A full end tag, as the reader-copied extensions had (<atom:link …></atom:link>): the bytes stay the same.
        writer.WriteFullEndElement();
    }
}
