using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Syndication.Core.Delivery;
using Syndication.Delivery;

namespace Syndication.Testing;

/// <summary>A webhook request as the partner received it.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, DateTimeOffset At, string? SignatureProblem, int AnsweredStatus);

/// <summary>What the partner answers to one request.</summary>
public sealed record PartnerAnswer(int Status, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static PartnerAnswer Ok { get; } = new(200);
}

/// <summary>
/// A partner endpoint on 127.0.0.1 (Kestrel): verifies each request's signature with the partner's secret,
/// answers as <see cref="Behaviour"/> says (given the request and how often that webhook-id was seen before),
/// and deduplicates accepted deliveries by webhook-id, as the Standard Webhooks spec asks receivers to.
/// </summary>
public sealed class PartnerServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private PartnerServer(int port, string secret)
    {
        Port = port;
        Secret = secret;
    }

    public int Port { get; }
    public string Secret { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/hooks");

    /// <summary>Answer for a request; the int is how many earlier requests carried the same webhook-id.</summary>
    public Func<ReceivedWebhook, int, PartnerAnswer> Behaviour { get; set; } = (_, _) => PartnerAnswer.Ok;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Distinct webhook-ids answered with 2xx.</summary>
    public IReadOnlyCollection<string> AcceptedIds => [.. _accepted.Keys];

    /// <summary>How many webhook-ids were answered with 2xx more than once (should stay 0).</summary>
    public int AcceptedMoreThanOnce => _accepted.Values.Count(v => v > 1);

    public static async Task<PartnerServer> StartAsync(string? secret = null, int? port = null)
    {
        var server = new PartnerServer(port ?? FreePort(), secret ?? WebhookSecret.Generate());
        await server.StartAsync();
        return server;
    }

    /// <summary>A server that is not listening yet: its URL refuses connections until <see cref="StartAsync()"/>.</summary>
    public static PartnerServer NotStarted(string? secret = null) => new(FreePort(), secret ?? WebhookSecret.Generate());

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>The registry entry for this partner.</summary>
    public object Registration(string id, object? extra = null) => PartnerJson.Entry(id, Url, Secret, extra);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        var id = headers["webhook-id"].ToString();
        var timestamp = headers["webhook-timestamp"].ToString();
        var signature = headers["webhook-signature"].ToString();
        var problem = WebhookSigner.Verify(Secret, id, timestamp, signature, body, DateTimeOffset.UtcNow);
        var before = _seen.AddOrUpdate(id, 1, (_, n) => n + 1) - 1;
        var probe = new ReceivedWebhook(id, timestamp, signature, context.Request.ContentType, body, DateTimeOffset.UtcNow, problem, 0);
        var answer = problem is null ? Behaviour(probe, before) : new PartnerAnswer(401);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _received.Enqueue(probe with { AnsweredStatus = -1 });
                return;
            }
        }

        _received.Enqueue(probe with { AnsweredStatus = answer.Status });
        if (answer.Status is >= 200 and < 300)
        {
            _accepted.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
