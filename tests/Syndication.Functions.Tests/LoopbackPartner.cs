using System.Collections.Concurrent;
using System.Net;

namespace Syndication.Functions.Tests;

/// <summary>A webhook request as the partner received it.</summary>
public sealed record PartnerRequest(string Method, string? ContentType, string? Id, string? Timestamp, string? Signature, string Body);

/// <summary>A partner endpoint on 127.0.0.1 that records every request and answers 200.</summary>
public sealed class LoopbackPartner : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<PartnerRequest> _received = new();
    private readonly Task _loop;

    public LoopbackPartner()
    {
        Port = Syndication.Testing.FreePorts.Take(1)[0];
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/articles");

    public IReadOnlyList<PartnerRequest> Received => [.. _received];

    private async Task ServeAsync()
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
                return; // stopped
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var headers = context.Request.Headers;
                _received.Enqueue(new PartnerRequest(context.Request.HttpMethod, context.Request.ContentType, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], await reader.ReadToEndAsync()));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
