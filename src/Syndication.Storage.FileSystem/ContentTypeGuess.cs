namespace Syndication.Storage.FileSystem;

/// <summary>Content type for a file dropped into the folder by hand (no sidecar), from its extension.</summary>
internal static class ContentTypeGuess
{
    public static string? FromName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html",
        ".md" or ".markdown" => "text/markdown",
        ".txt" => "text/plain",
        ".json" => "application/json",
        ".xml" => "application/xml",
        ".opml" => "text/x-opml",
        _ => null,
    };
}
