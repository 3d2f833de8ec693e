using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syndication.Core.Delivery;
using Syndication.Delivery;

namespace Syndication.Cli.Delivery;

/// <summary>A webhook the demo partner received, and whether its signature checked out.</summary>
public sealed record DemoDelivery(string WebhookId, string Type, string? Title, bool SignatureValid, string? Problem, DateTimeOffset ReceivedAt);

/// <summary>
/// A partner endpoint on 127.0.0.1 (free port) for <c>run --demo-partner</c>: it verifies each webhook's
/// Standard Webhooks signature with its own secret, answers 200 (401 when the signature is wrong) and prints one
/// line per webhook, so a new user sees delivery work with no setup.
/// </summary>
public sealed class DemoPartner : IAsyncDisposable
{
    public const string PartnerId = "demo-partner";

    private readonly WebApplication _app;
    private readonly TextWriter _output;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentQueue<DemoDelivery> _received = new();

    private DemoPartner(WebApplication app, TextWriter output, TimeProvider timeProvider)
    {
        _app = app;
        _output = output;
        _timeProvider = timeProvider;
    }

    /// <summary>Where it listens (<c>http://127.0.0.1:PORT/webhooks</c>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>A fresh <c>whsec_</c> secret for this run.</summary>
    public string Secret { get; } = WebhookSecret.Generate();

    public IReadOnlyList<DemoDelivery> Received => [.. _received];

    /// <summary>The registry entry: every language, tag and event.</summary>
    public Partner Partner => new() { Id = PartnerId, Name = "Demo partner (loopback)", Url = Url, Secret = Secret };

    /// <summary>Register this as a singleton so the pipeline delivers to the demo partner besides <c>config/partners.json</c>.</summary>
    public AdditionalPartner Registration => new(Partner);

    /// <summary>
    /// Configuration to add so the loopback target passes the SSRF rules: http allowed and 127.0.0.1 allow-listed
    /// (at a high list index, so a configured allow-list is kept).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ConfigurationOverrides { get; } = new Dictionary<string, string?>
    {
        ["Delivery:RequireHttps"] = "false",
        ["Delivery:AllowedNetworks:99"] = "127.0.0.1/32",
    };

    public static async Task<DemoPartner> StartAsync(TextWriter output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var partner = new DemoPartner(app, output, timeProvider);
        app.MapPost("/webhooks", (RequestDelegate)partner.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        partner.Url = new Uri(new Uri(address), "/webhooks");
        return partner;
    }

    public Task StopAsync() => _app.StopAsync();

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        var id = headers["webhook-id"].ToString();
        var problem = WebhookSigner.Verify(Secret, id, headers["webhook-timestamp"], headers["webhook-signature"], body, _timeProvider.GetUtcNow());
        var (type, title) = Describe(body);
        var delivery = new DemoDelivery(id, type, title, problem is null, problem, _timeProvider.GetUtcNow());
        _received.Enqueue(delivery);
        await _output.WriteLineAsync(problem is null
            ? $"demo partner received {type} \"{title}\" ({id}, signature valid)"
            : $"demo partner REJECTED {type} ({id}): {problem}");
        context.Response.StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
    }

    private static (string Type, string? Title) Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "?" : "?";
            var title = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("title", out var tt) ? tt.GetString() : null;
            return (type, title);
        }
        catch (JsonException)
        {
            return ("(not JSON)", null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
