using System.Collections.Concurrent;
using System.Net;
using System.Web;

namespace Syndication.Cli.Tests;

/// <summary>
/// A WebSub subscriber on loopback, as websub.rocks plays one: each callback path (<c>/cb/{name}</c>) answers
/// verification GETs by echoing <c>hub.challenge</c> (or, for paths starting with <c>refuse</c>, with something
/// else) and records every request it gets.
/// </summary>
public sealed class WebSubSubscriber : IDisposable
{
    private readonly HttpListener _listener = new();

    public WebSubSubscriber(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<Verification> Verifications { get; } = new();

    public ConcurrentQueue<Distribution> Distributions { get; } = new();

    public string Callback(string name) => $"http://127.0.0.1:{Port}/cb/{name}";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var name = context.Request.Url!.AbsolutePath.Split('/')[^1];
            if (context.Request.HttpMethod == "GET")
            {
                var query = HttpUtility.ParseQueryString(context.Request.Url.Query);
                Verifications.Enqueue(new Verification(name, query["hub.mode"], query["hub.topic"], query["hub.lease_seconds"], query["foo"]));
                var answer = name.StartsWith("refuse", StringComparison.Ordinal) ? "not the challenge" : query["hub.challenge"] ?? "";
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Distributions.Enqueue(new Distribution(name, context.Request.ContentType, context.Request.Headers["Link"], context.Request.Headers["X-Hub-Signature"], body.ToArray()));
                context.Response.StatusCode = 202;
            }

            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();

    public sealed record Verification(string Callback, string? Mode, string? Topic, string? LeaseSeconds, string? ExtraQuery);

    public sealed record Distribution(string Callback, string? ContentType, string? Link, string? Signature, byte[] Body);
}
