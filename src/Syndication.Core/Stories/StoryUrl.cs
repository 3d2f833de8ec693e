namespace Syndication.Core.Stories;

/// <summary>
/// The form in which URLs are compared when translations are matched: scheme and host lower-case, no default port,
/// no fragment, no trailing slash on the path (<c>https://Site.example/ru/a/#top</c> = <c>https://site.example/ru/a</c>).
/// </summary>
public static class StoryUrl
{
    /// <summary>The comparable form of an absolute http(s) URL; null for anything else.</summary>
    public static string? Normalise(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{path}{uri.Query}";
    }

    /// <summary>Whether two URLs name the same page once normalised.</summary>
    public static bool Same(string? a, string? b) => Normalise(a) is { } x && x == Normalise(b);
}
