using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Syndication.Operator;

/// <summary>
/// Decides whether a request may reach the local operator page: its Host must be a loopback name, a name the host
/// listens on or one of <see cref="OperatorOptions.AllowedHosts"/> (so a DNS-rebound name gets 400), and when the
/// page listens beyond loopback, or a key is configured, it must carry <see cref="OperatorOptions.AccessKey"/>.
/// </summary>
public sealed class OperatorAccess
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "::1", "[::1]"];
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[]? _key;

    /// <param name="listenUrls">The URLs the host listens on (<c>--urls</c>).</param>
    public OperatorAccess(OperatorOptions options, IEnumerable<string> listenUrls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listenUrls);
        _hosts.UnionWith(LoopbackNames);
        foreach (var host in options.AllowedHosts)
        {
            _hosts.Add(Normalise(host));
        }

        foreach (var url in listenUrls)
        {
            var host = HostOf(url);
            if (!IsWildcard(host))
            {
                _hosts.Add(Normalise(host));
            }

            ListensBeyondLoopback |= !IsLoopback(host);
        }

        _key = string.IsNullOrEmpty(options.AccessKey) ? null : Encoding.UTF8.GetBytes(options.AccessKey);
    }

    /// <summary>Some listen address is reachable from other machines.</summary>
    public bool ListensBeyondLoopback { get; }

    /// <summary>Operator requests are refused outright: the page listens beyond loopback and no access key is set.</summary>
    public bool Closed => ListensBeyondLoopback && _key is null;

    /// <summary>Null when the request may go on; otherwise the 4xx answer.</summary>
    public IResult? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = Normalise(context.Request.Host.Host);
        if (host.Length == 0 || !_hosts.Contains(host))
        {
            return Results.Text($"The operator page does not answer for the host name '{context.Request.Host.Host}'. Add it to Operator:AllowedHosts if it is yours.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Closed)
        {
            return Results.Text("The operator page listens on a non-loopback address and Operator:AccessKey is not set, so it is closed. Set Operator:AccessKey (environment Operator__AccessKey) and open the page with ?code=<key>.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (_key is not null && !CarriesKey(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"syndication-operator\"";
            return Results.Text("The operator page needs its access key: open it with ?code=<Operator:AccessKey> or send Authorization: Bearer <key>.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return null;
    }

    private bool CarriesKey(HttpRequest request)
    {
        var offered = request.Query["code"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (offered.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            offered = authorization["Bearer ".Length..].Trim();
        }

        return offered.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _key);
    }

    private static string HostOf(string url)
    {
        // Kestrel's wildcards (http://+:80, http://*:80) are not valid URIs.
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        if (rest.StartsWith('['))
        {
            return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
        }

        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }

    private static bool IsWildcard(string host) => host is "+" or "*" or "0.0.0.0" or "[::]" or "::";

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string Normalise(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();
}
