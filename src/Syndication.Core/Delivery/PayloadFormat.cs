namespace Syndication.Core.Delivery;

/// <summary>What a partner's webhook <c>data</c> looks like.</summary>
public enum PayloadFormat
{
    /// <summary>Our own article object (ARCHITECTURE.md, <c>docs/partners.md</c>); the default.</summary>
    Syndication,

    /// <summary>An IPTC ninjs 3.1 news item.</summary>
    Ninjs,
}
