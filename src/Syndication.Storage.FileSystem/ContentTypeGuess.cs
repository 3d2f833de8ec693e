namespace Syndication.Storage.FileSystem;

/// <summary>
/// Content type for a blob without a sidecar (a file dropped into the folder by hand, or a blob written with exactly
/// this type), from its extension. JSON is UTF-8 by definition (RFC 8259), and the pipeline writes its state as
/// <c>application/json; charset=utf-8</c>: guessing the same saves a sidecar file and its flushes on every state write.
/// </summary>
internal static class ContentTypeGuess
{
    public static string? FromName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html",
        ".md" or ".markdown" => "text/markdown",
        ".txt" => "text/plain",
        ".json" => "application/json; charset=utf-8",
        ".xml" => "application/xml",
        ".opml" => "text/x-opml",
        _ => null,
    };
}
