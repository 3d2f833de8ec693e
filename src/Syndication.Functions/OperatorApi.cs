using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Syndication.Core.Delivery;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;

namespace Syndication.Functions;

/// <summary>JSON of the operator endpoints: camelCase, enums as lower-case words.</summary>
internal static class OperatorJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IActionResult Ok(object value) => new JsonResult(value, Options);

    public static IActionResult Problem(int status, string detail) => new ObjectResult(new ProblemDetails { Status = status, Detail = detail }) { StatusCode = status };
}

/// <summary><c>GET /api/deliveries?status=dead&amp;partner=id&amp;since=2024-11-01</c>: the delivery log, newest first.</summary>
public sealed class ListDeliveries(DeliveryAdmin admin)
{
    [Function(nameof(ListDeliveries))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "deliveries")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        DeliveryStatus? status = null;
        if (request.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (!Enum.TryParse<DeliveryStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return OperatorJson.Problem(400, $"Unknown status '{statusText}'; use one of: {string.Join(", ", Enum.GetNames<DeliveryStatus>().Select(n => n.ToLowerInvariant()))}.");
            }

            status = parsed;
        }

        DateTimeOffset? since = null;
        if (request.Query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return OperatorJson.Problem(400, $"'since' must be an ISO 8601 date or time, not '{sinceText}'.");
            }

            since = parsed;
        }

        var partner = request.Query["partner"].ToString();
        return OperatorJson.Ok(await admin.ListDeliveriesAsync(status, partner.Length == 0 ? null : partner, since, cancellationToken));
    }
}

/// <summary><c>POST /api/deliveries/{id}/replay</c>: sends a delivery again with a fresh schedule and the same webhook-id.</summary>
public sealed class ReplayDelivery(DeliveryAdmin admin)
{
    [Function(nameof(ReplayDelivery))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "deliveries/{id}/replay")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await admin.ReplayAsync(id, cancellationToken) switch
        {
            ReplayOutcome.Queued => OperatorJson.Ok(new { id, outcome = ReplayOutcome.Queued }),
            ReplayOutcome.PartnerUnknown => OperatorJson.Problem(409, $"Delivery {id} is for a partner no longer in config/partners.json."),
            _ => OperatorJson.Problem(404, $"No delivery {id}."),
        };
}

/// <summary><c>GET /api/articles?limit=50</c>: what happened to the latest uploads.</summary>
public sealed class ListArticles(ArticleStatusQuery query)
{
    [Function(nameof(ListArticles))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "articles")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = 50;
        if (request.Query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return OperatorJson.Problem(400, $"'limit' must be a whole number from 1 to 1000, not '{limitText}'.");
        }

        var statuses = await query.RecentAsync(limit, cancellationToken);
        return OperatorJson.Ok(statuses.Select(s => new
        {
            article = s.ArticleName,
            state = s.State,
            uploaded = s.Uploaded,
            entryId = s.Entry?.Id,
            title = s.Entry?.Title,
            version = s.Entry?.Version,
            quarantineReason = s.Quarantine?.Reason,
        }));
    }
}

/// <summary><c>POST /api/quarantine/retry/{*name}</c>: ingests a quarantined upload again (after a fix).</summary>
public sealed class RetryQuarantined(QuarantineRetry retry)
{
    [Function(nameof(RetryQuarantined))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "quarantine/retry/{*name}")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var result = await retry.RetryAsync(name, cancellationToken);
        return result.Status == IngestStatus.Missing
            ? OperatorJson.Problem(404, result.Reason ?? $"No upload articles/{name}.")
            : OperatorJson.Ok(new { article = result.ArticleName, status = result.Status, entryId = result.EntryId, reason = result.Reason });
    }
}
