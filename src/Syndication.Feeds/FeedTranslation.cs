namespace Syndication.Feeds;

/// <summary>A translation link as the feeds write it: lower-case language tag and percent-encoded absolute URL.</summary>
internal sealed record FeedTranslation(string Language, string Url);
