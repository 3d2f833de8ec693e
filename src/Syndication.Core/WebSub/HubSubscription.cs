namespace Syndication.Core.WebSub;

/// <summary>An active subscription of one callback to one topic, as stored in <c>websub/subscriptions/…</c>.</summary>
public sealed record HubSubscription
{
    /// <summary>The topic URL as the subscriber named it (echoed in verification and distribution).</summary>
    public required string Topic { get; init; }

    /// <summary>The feed document under <c>feeds/</c> the topic names, e.g. <c>kk/atom.xml</c>.</summary>
    public required string FeedName { get; init; }

    public required string Callback { get; init; }

    /// <summary>HMAC key for <c>X-Hub-Signature</c>; null when the subscriber gave none.</summary>
    public string? Secret { get; init; }

    public required long LeaseSeconds { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Verified { get; init; }
    public required DateTimeOffset Expires { get; init; }

    /// <summary>Hash of the last document this callback accepted: the same document is never sent twice.</summary>
    public string? DeliveredHash { get; init; }

    /// <summary>A distribution in flight (claimed before sending, so two workers never send the same one).</summary>
    public HubClaim? Claim { get; init; }

    public HubDistribution? LastDistribution { get; init; }
}

/// <summary>Who is sending which document to a callback, until when.</summary>
public sealed record HubClaim(string Hash, DateTimeOffset Until);

/// <summary>The outcome of the last distribution attempt to a callback.</summary>
/// <param name="Attempt">0 for the first attempt, then the index in the retry schedule.</param>
public sealed record HubDistribution(DateTimeOffset At, bool Delivered, int? StatusCode, string? Error, int Attempt);
