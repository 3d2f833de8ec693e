using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Syndication.Core.Delivery;

namespace Syndication.Cli.Commands;

/// <summary><c>deliveries list|show|replay</c> and <c>partners list|test</c>: thin adapters over <see cref="DeliveryAdmin"/>.</summary>
internal static class DeliveryCommands
{
    public static Command CreateDeliveries()
    {
        var status = new Option<DeliveryStatus?>("--status") { Description = "Only deliveries in this state: pending, failed, delivered, dead, held" };
        var partner = new Option<string?>("--partner") { Description = "Only deliveries to this partner" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only deliveries created since this time (ISO 8601)" };
        var json = JsonLines.CreateOption();
        var list = new Command("list", "List deliveries, newest first") { status, partner, since, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var provider = await OpenAsync(parse, cancellationToken);
            var rows = await provider.GetRequiredService<DeliveryAdmin>().ListDeliveriesAsync(parse.GetValue(status), parse.GetValue(partner), parse.GetValue(since), cancellationToken);
            if (parse.GetValue(json))
            {
                using var lines = new JsonLines();
                foreach (var row in rows)
                {
                    lines.Write(w =>
                    {
                        w.WriteString("id", row.Id);
                        w.WriteString("partner", row.PartnerId);
                        w.WriteString("event", row.EventType);
                        w.WriteString("entry", row.EntryId);
                        w.WriteString("status", row.Status.ToString().ToLowerInvariant());
                        JsonLines.WriteTime(w, "created", row.CreatedAt);
                        JsonLines.WriteTime(w, "updated", row.LastModified);
                    });
                }

                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("delivery (webhook-id)", "partner", "event", "entry", "status", "created");
            foreach (var row in rows)
            {
                table.AddRow(Markup.Escape(row.Id), Markup.Escape(row.PartnerId), row.EventType, Markup.Escape(row.EntryId), Colour(row.Status), row.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{rows.Count} deliveries");
            return 0;
        });

        var id = new Argument<string>("id") { Description = "Delivery id (its webhook-id)" };
        var show = new Command("show", "Show one delivery with every attempt") { id };
        show.SetAction(async (parse, cancellationToken) =>
        {
            using var provider = await OpenAsync(parse, cancellationToken);
            var record = await provider.GetRequiredService<DeliveryAdmin>().GetDeliveryAsync(parse.GetValue(id)!, cancellationToken)
                ?? throw new CliException($"no delivery '{parse.GetValue(id)}'");
            AnsiConsole.MarkupLineInterpolated($"{record.Id} → {record.PartnerId}: {record.EventType} of {record.EntryId}, {record.Status.ToString().ToLowerInvariant()} {record.Note ?? ""}");
            var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "time", "status", "latency", "error");
            foreach (var attempt in record.Attempts)
            {
                table.AddRow(attempt.Number.ToString(CultureInfo.InvariantCulture), attempt.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), attempt.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "—", $"{attempt.LatencyMs:0} ms", Markup.Escape(attempt.Error ?? ""));
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var replayId = new Argument<string?>("id") { Arity = ArgumentArity.ZeroOrOne, Description = "Delivery to send again" };
        var replayPartner = new Option<string?>("--partner") { Description = "Replay every undelivered delivery to this partner (re-enables it)" };
        var replaySince = new Option<DateTimeOffset?>("--since") { Description = "With --partner: deliveries created since this time" };
        var replay = new Command("replay", "Send deliveries again with a fresh retry schedule (same webhook-id)") { replayId, replayPartner, replaySince };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(replayId);
            var partnerId = parse.GetValue(replayPartner);
            if ((single is null) == (partnerId is null))
            {
                throw new CliException("give a delivery id, or --partner P [--since T]");
            }

            using var provider = await OpenAsync(parse, cancellationToken);
            using var folderLock = Local.DataFolderLock.AcquireIfLocal(GlobalOptions.BuildConfiguration(parse), "deliveries replay");
            var admin = provider.GetRequiredService<DeliveryAdmin>();
            if (single is not null)
            {
                var outcome = await admin.ReplayAsync(single, cancellationToken);
                if (outcome != ReplayOutcome.Queued)
                {
                    throw new CliException(outcome == ReplayOutcome.NotFound ? $"no delivery '{single}'" : $"delivery '{single}' is for a partner no longer in config/partners.json");
                }

                AnsiConsole.MarkupLineInterpolated($"replay of {single} queued");
            }
            else
            {
                var queued = await admin.ReplayPartnerAsync(partnerId!, parse.GetValue(replaySince) ?? DateTimeOffset.MinValue, includeDelivered: false, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"{queued} deliveries to {partnerId} queued again");
            }

            AnsiConsole.MarkupLine("They are sent by the next 'run' (or 'run --once').");
            return 0;
        });

        return new Command("deliveries", "See and replay partner deliveries") { list, show, replay };
    }

    public static Command CreatePartners()
    {
        var json = JsonLines.CreateOption();
        var list = new Command("list", "List partners with their delivery state") { json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var provider = await OpenAsync(parse, cancellationToken);
            var partners = await provider.GetRequiredService<DeliveryAdmin>().ListPartnersAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                using var lines = new JsonLines();
                foreach (var p in partners)
                {
                    lines.Write(w =>
                    {
                        w.WriteString("id", p.Partner.Id);
                        w.WriteString("name", p.Partner.Name);
                        w.WriteString("url", p.Partner.Url.ToString());
                        JsonLines.WriteStrings(w, "languages", p.Partner.Languages);
                        JsonLines.WriteStrings(w, "tags", p.Partner.Tags);
                        w.WriteBoolean("enabled", p.Partner.Enabled);
                        w.WriteBoolean("active", p.Active);
                        w.WriteString("disabledReason", p.State.DisabledReason);
                        w.WriteStartObject("deliveries");
                        foreach (var (state, count) in p.Deliveries.OrderBy(d => d.Key))
                        {
                            w.WriteNumber(state.ToString().ToLowerInvariant(), count);
                        }

                        w.WriteEndObject();
                    });
                }

                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "url", "filters", "state", "deliveries");
            foreach (var p in partners)
            {
                var filters = $"lang: {(p.Partner.Languages.Count == 0 ? "all" : string.Join(",", p.Partner.Languages))}; tags: {(p.Partner.Tags.Count == 0 ? "all" : string.Join(",", p.Partner.Tags))}";
                var state = p.Active ? "[green]active[/]" : $"[red]disabled[/] {Markup.Escape(p.State.DisabledReason ?? (p.Partner.Enabled ? "" : "in registry"))}";
                var counts = string.Join(", ", p.Deliveries.OrderBy(d => d.Key).Select(d => $"{d.Value} {d.Key.ToString().ToLowerInvariant()}"));
                table.AddRow(Markup.Escape(p.Partner.Id), Markup.Escape(p.Partner.Name), Markup.Escape(p.Partner.Url.ToString()), Markup.Escape(filters), state, counts);
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var id = new Argument<string>("id") { Description = "Partner id" };
        var test = new Command("test", "Send a signed test ping to a partner and show its answer") { id };
        test.SetAction(async (parse, cancellationToken) =>
        {
            using var provider = await OpenAsync(parse, cancellationToken);
            var result = await provider.GetRequiredService<DeliveryAdmin>().TestPartnerAsync(parse.GetValue(id)!, cancellationToken)
                ?? throw new CliException($"no partner '{parse.GetValue(id)}' in config/partners.json");
            var answer = result.Response.StatusCode is { } code ? $"HTTP {code}" : "no answer";
            AnsiConsole.MarkupLineInterpolated($"ping {result.WebhookId} → {result.PartnerId}: {answer} in {result.Response.Latency.TotalMilliseconds:0} ms {result.Response.Error ?? ""}");
            return result.Response.IsSuccess ? 0 : 1;
        });

        return new Command("partners", "See partners and test their endpoints") { list, test };
    }

    private static async Task<Microsoft.Extensions.DependencyInjection.ServiceProvider> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var configuration = GlobalOptions.BuildConfiguration(parse);
        var provider = ServiceFactory.Build(parse, configuration);
        try
        {
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    private static string Colour(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "[green]delivered[/]",
        DeliveryStatus.Dead => "[red]dead[/]",
        DeliveryStatus.Failed => "[yellow]failed[/]",
        DeliveryStatus.Held => "[yellow]held[/]",
        _ => "pending",
    };
}
