using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Syndication.Core;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Core.Queues;
using Syndication.Core.Reconcile;
using Syndication.Hosting;

namespace Syndication.Cli.Commands;

/// <summary>Prints what one pipeline pass did, and where to find the result.</summary>
internal static class RunReport
{
    /// <summary>More uploads than this are summarised by counts instead of one row each.</summary>
    private const int MaxRows = 40;

    /// <summary>Runs a pass, showing a progress bar with rate and ETA on a terminal when there is much to ingest.</summary>
    public static async Task<PipelineRunResult> WithProgressAsync(Func<IProgress<ReconcileProgress>?, Task<PipelineRunResult>> run)
    {
        if (Console.IsOutputRedirected)
        {
            return await run(null);
        }

        PipelineRunResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("ingesting", autoStart: true, maxValue: 1);
                var progress = new Progress<ReconcileProgress>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = $"ingesting {p.Done:N0}/{p.Total:N0}";
                });
                result = await run(progress);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    public static void Print(PipelineRunResult result, FeedsOptions feeds, IConfiguration configuration)
    {
        if (result.Reconcile.Results.Count > MaxRows)
        {
            PrintCounts(result);
        }
        else
        {
            PrintRows(result);
        }

        PrintFooter(result, feeds, configuration);
    }

    private static void PrintCounts(PipelineRunResult result)
    {
        foreach (var group in result.Reconcile.Results.GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            AnsiConsole.MarkupLineInterpolated($"{group.Count():N0} {group.Key.ToString().ToLowerInvariant()}");
        }

        var reasons = result.Reconcile.Results.Where(r => r.Status == IngestStatus.Quarantined)
            .GroupBy(r => ReasonKind(r.Reason)).OrderByDescending(g => g.Count()).ToList();
        if (reasons.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("quarantined", "reason (e.g.)");
            foreach (var reason in reasons)
            {
                table.AddRow(reason.Count().ToString("N0"), Markup.Escape(reason.First().Reason ?? ""));
            }

            AnsiConsole.Write(table);
        }
    }

    /// <summary>Groups reasons that differ only by the file name they quote.</summary>
    private static string ReasonKind(string? reason) =>
        System.Text.RegularExpressions.Regex.Replace(reason ?? "", "'[^']*'|\\d[\\d,.]*", "…");

    private static void PrintRows(PipelineRunResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("article", "result", "entry / reason");
        foreach (var item in result.Reconcile.Results.OrderBy(r => r.ArticleName, StringComparer.Ordinal))
        {
            var colour = item.Status switch
            {
                IngestStatus.Quarantined or IngestStatus.Failed => "red",
                IngestStatus.Published or IngestStatus.Updated => "green",
                _ => "grey",
            };
            table.AddRow(Markup.Escape(item.ArticleName), $"[{colour}]{item.Status.ToString().ToLowerInvariant()}[/]", Markup.Escape(item.Reason ?? item.EntryId ?? ""));
        }

        if (result.Reconcile.Results.Count > 0)
        {
            AnsiConsole.Write(table);
        }
    }

    private static void PrintFooter(PipelineRunResult result, FeedsOptions feeds, IConfiguration configuration)
    {
        var quarantined = result.Reconcile.Results.Count(r => r.Status == IngestStatus.Quarantined);
        AnsiConsole.MarkupLineInterpolated($"{result.Reconcile.Articles} article(s) in store: {result.Reconcile.Ingested} ingested, {quarantined} quarantined, {result.Reconcile.Deleted} deleted.");
        foreach (var (queue, count) in result.MessagesHandled.Where(q => q.Value > 0))
        {
            AnsiConsole.MarkupLineInterpolated($"  {queue}: {count} message(s) handled");
        }

        foreach (var (queue, why) in result.Failures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The {queue} queue's handler failed: {why}[/] Its messages stay queued and the next run retries them.");
        }

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (result.Failures.ContainsKey(QueueNames.Publish) || result.PublishWaiting > 0)
        {
            var where = storage.UsesAzure ? "the 'feeds' container" : Path.Combine(Path.GetFullPath(storage.DataRoot), "feeds");
            AnsiConsole.MarkupLineInterpolated($"[red]Publishing did not finish: {result.PublishWaiting} publish message(s) wait to be retried, so the feeds in {where} do not show every change yet.[/] The next run retries them; one that keeps failing is parked and shown by 'syndication status'.");
        }
        else if (!storage.UsesAzure)
        {
            var feedsFolder = Path.Combine(Path.GetFullPath(storage.DataRoot), "feeds");
            AnsiConsole.MarkupLineInterpolated($"Feeds written to [bold]{feedsFolder}[/] (rss.xml, atom.xml, feed.json, per language and tag, index.opml).");
            AnsiConsole.MarkupLineInterpolated($"Open them in a feed reader: serve them with 'syndication run --data {storage.DataRoot}' (from the repository: dotnet run --project src/Syndication.Cli -c Release -- run --data {storage.DataRoot}) and subscribe to {feeds.Base}/feeds/rss.xml; the operator page is {feeds.Base}/");
        }
        else
        {
            AnsiConsole.MarkupLine("Feeds written to the 'feeds' container of the storage account.");
        }

        ReconcileCommand.PrintRefusal(result);
        if (quarantined > 0)
        {
            AnsiConsole.MarkupLine("[red]Some articles were quarantined[/]: the table above gives each reason; 'syndication quarantine list' shows them again and 'syndication quarantine retry <name>' retries one after a fix.");
        }
    }
}
