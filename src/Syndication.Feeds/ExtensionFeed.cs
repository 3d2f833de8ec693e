using System.ServiceModel.Syndication;
using System.Xml;

namespace Syndication.Feeds;

/// <summary>A <see cref="SyndicationFeed"/> whose <see cref="Extensions"/> are written after its other element extensions.</summary>
internal sealed class ExtensionFeed : SyndicationFeed
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
