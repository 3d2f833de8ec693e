using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Syndication.Feeds;

/// <summary>Shared plumbing for the System.ServiceModel.Syndication based formatters.</summary>
internal static class XmlFeedWriting
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        // Entries are cleaned already; this keeps a stray character from throwing mid-document.
        CheckCharacters = false,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        [FeedText.AtomNamespace] = "atom",
        [FeedText.HistoryNamespace] = "fh",
        [FeedText.ContentNamespace] = "content",
        [FeedText.DublinCoreNamespace] = "dc",
        [FeedText.DcTermsNamespace] = "dcterms",
        [FeedText.MediaNamespace] = "media",
    };

    /// <summary>
    /// An extension element written with its conventional prefix (<c>atom:link</c>, <c>dc:creator</c>) rather than a
    /// default-namespace redeclaration; the declaration on the root makes the local one redundant, so it is omitted.
    /// </summary>
    public static SyndicationElementExtension Extension(XElement element)
    {
        var ns = element.Name.NamespaceName;
        if (ns.Length > 0 && Prefixes.TryGetValue(ns, out var prefix))
        {
            element.Add(new XAttribute(XNamespace.Xmlns + prefix, ns));
        }

        return new(element.CreateReader());
    }

    public static void DeclareNamespace(SyndicationFeed feed, string prefix, string ns) =>
        feed.AttributeExtensions[new XmlQualifiedName(prefix, FeedText.XmlnsNamespace)] = ns;

    /// <summary>Writes the formatter's feed to <paramref name="destination"/> (left open).</summary>
    public static void Write(SyndicationFeedFormatter formatter, Stream destination, IEnumerable<DateTimeOffset>? preciseAtomUpdated = null)
    {
        using var writer = preciseAtomUpdated is null
            ? XmlWriter.Create(destination, WriterSettings)
            : new PreciseUpdatedWriter(XmlWriter.Create(destination, WriterSettings), preciseAtomUpdated);
        formatter.WriteTo(writer);
    }

    /// <summary>Writes an absolute http(s) URL or nothing: a relative or odd URL in a feed draws validator errors.</summary>
    public static Uri? AbsoluteUri(string? url) =>
        FeedText.IsAbsoluteHttp(url) ? new Uri(url!, UriKind.Absolute) : null;
}
