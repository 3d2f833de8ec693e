using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Security.AntiSSRF;
using Syndication.Core.Delivery;
using Syndication.Core.WebSub;

namespace Syndication.Delivery;

/// <summary>
/// The WebSub hub's HTTP client for subscriber callbacks, on the same SSRF-safe handler as partner webhooks
/// (<see cref="HttpWebhookSender.CreateHandler"/>): refused targets, timeouts and connection errors come back as a
/// <see cref="HubCallbackResponse"/> with the reason, never as an exception.
/// </summary>
public sealed partial class HttpHubCallbackClient(HttpClient client, IOptions<DeliveryOptions> options, TimeProvider timeProvider, ILogger<HttpHubCallbackClient> logger) : IHubCallbackClient
{
    public const string UserAgent = "Syndication-WebSub/1.0";

    /// <summary>A verification answer longer than this cannot be a challenge we sent.</summary>
    private const int MaxBodyChars = 1024;

    public Task<HubCallbackResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, url), readBody: true, cancellationToken);
    }

    public Task<HubCallbackResponse> PostAsync(Uri callback, ReadOnlyMemory<byte> body, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(headers);
        var message = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new ReadOnlyMemoryContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync(message, readBody: false, cancellationToken);
    }

    private async Task<HubCallbackResponse> SendAsync(HttpRequestMessage message, bool readBody, CancellationToken cancellationToken)
    {
        using var request = message;
        var settings = options.Value;
        var host = request.RequestUri!.Host;
        if (settings.RequireHttps && request.RequestUri.Scheme != Uri.UriSchemeHttps)
        {
            return Failed(host, $"refused: {request.RequestUri.Scheme}:// callback while Delivery:RequireHttps is true");
        }

        request.Headers.UserAgent.ParseAdd(UserAgent);
        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            string? body = null;
            if (readBody)
            {
                await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
                var buffer = new byte[MaxBodyChars * 4 + 1];
                var read = 0;
                while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), linked.Token) is var n and > 0)
                {
                    read += n;
                }

                body = Encoding.UTF8.GetString(buffer, 0, read);
            }

            return new HubCallbackResponse((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(host, $"timeout: no response within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (FindSsrf(ex) is { } refused)
        {
            return Failed(host, $"refused: {refused.Message}");
        }
        catch (ArgumentException ex)
        {
            return Failed(host, $"refused: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            return Failed(host, $"connection failed: {ex.Message}");
        }
    }

    private HubCallbackResponse Failed(string host, string error)
    {
        LogFailed(logger, host, error);
        return new HubCallbackResponse(null, null, error);
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

    [LoggerMessage(EventId = 5401, Level = LogLevel.Debug, Message = "WebSub callback on {Host} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string host, string error);
}
