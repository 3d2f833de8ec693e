namespace Syndication.Core.Entries;

/// <summary>The article bytes an entry was made from: the blob name and the ETag they were read under.</summary>
public sealed record EntrySource(string ArticleName, string ETag);
