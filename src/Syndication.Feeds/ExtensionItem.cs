using System.ServiceModel.Syndication;
using System.Xml;

namespace Syndication.Feeds;

/// <summary>A <see cref="SyndicationItem"/> whose <see cref="Extensions"/> are written after its other element extensions.</summary>
internal sealed class ExtensionItem : SyndicationItem
{
    public List<ExtensionElement> Extensions { get; } = [];

    protected override void WriteElementExtensions(XmlWriter writer, string version)
    {
        base.WriteElementExtensions(writer, version);
        foreach (var extension in Extensions)
        {
            extension.WriteTo(writer);
        }
    }
}
