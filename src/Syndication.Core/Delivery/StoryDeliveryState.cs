namespace Syndication.Core.Delivery;

/// <summary>
/// What a <c>oneLanguagePerStory</c> partner has of one story (<c>deliveries/stories/&lt;partner&gt;/&lt;story&gt;.json</c>),
/// rewritten with If-Match so concurrent announcements of the story's translations take turns.
/// </summary>
public sealed record StoryDeliveryState
{
    public required string PartnerId { get; init; }
    public required string Story { get; init; }

    /// <summary>How many deliveries this story has caused for the partner; part of each one's <c>webhook-id</c>.</summary>
    public int Seq { get; init; }

    /// <summary>The translation the partner has now (or was last told was deleted, when <see cref="Gone"/>).</summary>
    public string? EntryId { get; init; }

    public string? Language { get; init; }
    public string? Version { get; init; }

    /// <summary>The partner was sent <c>article.deleted</c>: it holds no version of the story now.</summary>
    public bool Gone { get; init; }

    /// <summary>The entry change that made the last step (<c>event entry version</c>), to recognise it announced again.</summary>
    public string? Cause { get; init; }

    /// <summary>The last delivery this story caused, and its event type.</summary>
    public string? LastDelivery { get; init; }

    public string? LastEvent { get; init; }

    /// <summary>The delivery before <see cref="LastDelivery"/>, which it waits for.</summary>
    public string? PreviousDelivery { get; init; }
}
