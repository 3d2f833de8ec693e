using System.Text.Json;
using Syndication.Core.Entries;

namespace Syndication.Core.WebSub;

/// <summary>A message of the <c>websub</c> queue: verify a request, distribute a changed topic, or retry one callback.</summary>
public sealed record HubMessage
{
    public const string Verify = "verify";
    public const string Distribute = "distribute";
    public const string Retry = "retry";

    public required string Kind { get; init; }

    /// <summary>The head document under <c>feeds/</c>.</summary>
    public required string FeedName { get; init; }

    /// <summary>Verify: <c>subscribe</c> or <c>unsubscribe</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Verify: the topic URL as the subscriber sent it.</summary>
    public string? Topic { get; init; }

    /// <summary>Verify and retry: the callback URL.</summary>
    public string? Callback { get; init; }

    public string? Secret { get; init; }
    public long? LeaseSeconds { get; init; }

    /// <summary>Retry: index in the retry schedule of this attempt.</summary>
    public int Attempt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Compact);

    public static HubMessage Parse(string body) =>
        JsonSerializer.Deserialize<HubMessage>(body, StoredJson.Compact) ?? throw new InvalidDataException("Empty websub message.");
}
