using System.Security.Cryptography;
using System.Text;

namespace Syndication.Core.Stories;

/// <summary>
/// Story ids derived from what a page says about itself, so that translations ingested anywhere, in any order, at
/// the same time, arrive at the same id without asking each other (docs/decisions/0004-stories.md):
/// <list type="bullet">
/// <item>Markdown with a <c>translationKey</c>: <c>st_</c> + a hash of the key.</item>
/// <item>Otherwise: <c>st_</c> + a hash of the smallest normalised URL of the page's cluster, its own URL and
/// every translation it names. Pages that name each other fully (what a CMS writes) share that smallest URL.</item>
/// </list>
/// </summary>
public static class StoryIds
{
    /// <summary>The id of the story whose smallest URL is <paramref name="normalisedUrl"/>.</summary>
    public static string ForUrl(string normalisedUrl) => Hash("url\n" + normalisedUrl);

    /// <summary>The id of the story of a Markdown <c>translationKey</c> (trimmed, case ignored).</summary>
    public static string ForKey(string translationKey) => Hash("key\n" + translationKey.Trim().ToLowerInvariant());

    /// <summary>The page's cluster, normalised and sorted: its own URL and the URLs of the translations it names.</summary>
    public static IReadOnlyList<string> Cluster(string ownUrl, IEnumerable<string> alternateUrls) =>
        [.. alternateUrls.Prepend(ownUrl).Select(StoryUrl.Normalise).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string Hash(string text) =>
        "st_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
