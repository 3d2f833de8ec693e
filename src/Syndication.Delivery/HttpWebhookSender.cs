using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Security.AntiSSRF;
using Syndication.Core.Delivery;

namespace Syndication.Delivery;

/// <summary>
/// Sends signed webhooks over an SSRF-safe HttpClient: redirects are not followed, each attempt has the
/// configured timeout, and every failure comes back as a <see cref="WebhookResponse"/> rather than an exception.
/// </summary>
public sealed partial class HttpWebhookSender(HttpClient client, IOptions<DeliveryOptions> options, TimeProvider timeProvider, ILogger<HttpWebhookSender> logger) : IWebhookSender
{
    public const string UserAgent = "Syndication-Webhooks/1.0";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        if (settings.RequireHttps && request.Url.Scheme != Uri.UriSchemeHttps)
        {
            return new WebhookResponse(null, TimeSpan.Zero, Error: $"refused: {request.Url.Scheme}:// URL while Delivery:RequireHttps is true");
        }

        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url);
        message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
        message.Content.Headers.ContentType = Json;
        message.Headers.TryAddWithoutValidation("webhook-id", request.MessageId);
        message.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(request.Secrets, request.MessageId, timestamp, request.Body));
        message.Headers.UserAgent.ParseAdd(UserAgent);

        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = timeProvider.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return new WebhookResponse(status, timeProvider.GetElapsedTime(started), RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(request, started, $"timeout: no response within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (FindSsrf(ex) is { } refused)
        {
            return Failed(request, started, $"refused: {refused.Message}");
        }
        catch (ArgumentException ex)
        {
            // The resolver rejects targets such as 0.0.0.0 outright.
            return Failed(request, started, $"refused: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            // AntiSSRF's connect callback lets a SocketException through unwrapped; both mean no connection.
            return Failed(request, started, $"connection failed: {ex.Message}");
        }
    }

    private WebhookResponse Failed(WebhookRequest request, long started, string error)
    {
        LogFailed(logger, request.MessageId, request.Url.Host, error);
        return new WebhookResponse(null, timeProvider.GetElapsedTime(started), Error: error);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? (date - timeProvider.GetUtcNow()) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }

    private static AntiSSRFException? FindSsrf(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is AntiSSRFException ssrf)
            {
                return ssrf;
            }
        }

        return null;
    }

    /// <summary>
    /// The message handler: Microsoft.Security.AntiSSRF's policy (global addresses only, checked on the address
    /// actually connected to, so DNS rebinding cannot slip through) plus the configured allowed networks.
    /// </summary>
    public static HttpMessageHandler CreateHandler(DeliveryOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var policy = new AntiSSRFPolicy(PolicyConfigOptions.ExternalOnlyLatest)
        {
            AllowPlainTextHttp = !settings.RequireHttps,
            AddXFFHeader = false,
        };
        var allowed = settings.ParseAllowedNetworks().Select(n => n.ToString()).ToArray();
        if (allowed.Length > 0)
        {
            policy.AddAllowedAddresses(allowed);
        }

        var handler = policy.GetHandler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.ConnectTimeout = settings.Timeout;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
        return handler;
    }

    /// <summary>An HttpClient for <see cref="HttpWebhookSender"/>; timeouts are per attempt, so the client has none.</summary>
    public static HttpClient CreateClient(DeliveryOptions settings) =>
        new(CreateHandler(settings)) { Timeout = Timeout.InfiniteTimeSpan };

    [LoggerMessage(EventId = 5301, Level = LogLevel.Debug, Message = "Webhook {MessageId} to {Host} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string messageId, string host, string error);
}
