namespace Syndication.Core.Articles;

/// <summary>
/// The one rule for URLs that leave the system as links of their own (entry URL, canonical, image, webhook
/// <c>url</c>): absolute http or https with a host. Anything else (<c>javascript:</c>, <c>data:</c>, relative) is
/// dropped. Extraction applies it; payload and feed writers apply it again as a defence.
/// </summary>
public static class OutboundUrl
{
    public static bool IsAllowed(string? url) =>
        !string.IsNullOrWhiteSpace(url)
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>The URL (trimmed) when it is allowed, else null.</summary>
    public static string? OrNull(string? url) => IsAllowed(url) ? url!.Trim() : null;
}
