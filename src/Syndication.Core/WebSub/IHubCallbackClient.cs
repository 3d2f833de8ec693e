namespace Syndication.Core.WebSub;

/// <summary>
/// Talks to subscriber callbacks through the same SSRF guard as partner webhooks (Delivery:AllowedNetworks,
/// Delivery:RequireHttps, no redirects, Delivery:Timeout). Never throws for a callback's failure.
/// </summary>
public interface IHubCallbackClient
{
    /// <summary>Verification of intent: a GET to <paramref name="url"/> (the callback with the hub's query).</summary>
    Task<HubCallbackResponse> GetAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>Content distribution: a POST of the feed document with the given headers.</summary>
    Task<HubCallbackResponse> PostAsync(Uri callback, ReadOnlyMemory<byte> body, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken);
}

/// <summary>What a callback answered.</summary>
/// <param name="StatusCode">HTTP status, or null when no response arrived (then <paramref name="Error"/> says why).</param>
/// <param name="Body">The start of the response body (verification answers), else null.</param>
public sealed record HubCallbackResponse(int? StatusCode, string? Body, string? Error = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string Describe() => StatusCode is { } status ? $"HTTP {status}" : Error ?? "no response";
}
