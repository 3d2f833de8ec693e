namespace Syndication.Core.Delivery;

/// <summary>Sends one signed webhook attempt. Implemented over HTTP by Syndication.Delivery; never throws for partner failures.</summary>
public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken);
}

/// <summary>One attempt to send: the body is sent and signed exactly as given, with every secret.</summary>
public sealed record WebhookRequest(Uri Url, string MessageId, string Body, IReadOnlyList<string> Secrets);

/// <summary>What came back from one attempt.</summary>
/// <param name="StatusCode">HTTP status, or null when no response arrived.</param>
/// <param name="RetryAfter">The partner's <c>Retry-After</c>, when it sent one.</param>
/// <param name="Error">Why the attempt failed without a response (refused target, timeout, connection error).</param>
public sealed record WebhookResponse(int? StatusCode, TimeSpan Latency, TimeSpan? RetryAfter = null, string? Error = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
