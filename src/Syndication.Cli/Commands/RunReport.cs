using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Syndication.Core;
using Syndication.Core.Ingest;
using Syndication.Core.Pipeline;
using Syndication.Hosting;

namespace Syndication.Cli.Commands;

/// <summary>Prints what one pipeline pass did, and where to find the result.</summary>
internal static class RunReport
{
    public static void Print(PipelineRunResult result, FeedsOptions feeds, IConfiguration configuration)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("article", "result", "entry / reason");
        foreach (var item in result.Reconcile.Results.OrderBy(r => r.ArticleName, StringComparer.Ordinal))
        {
            var colour = item.Status switch
            {
                IngestStatus.Quarantined => "red",
                IngestStatus.Published or IngestStatus.Updated => "green",
                _ => "grey",
            };
            table.AddRow(Markup.Escape(item.ArticleName), $"[{colour}]{item.Status.ToString().ToLowerInvariant()}[/]", Markup.Escape(item.Reason ?? item.EntryId ?? ""));
        }

        if (result.Reconcile.Results.Count > 0)
        {
            AnsiConsole.Write(table);
        }

        var quarantined = result.Reconcile.Results.Count(r => r.Status == IngestStatus.Quarantined);
        AnsiConsole.MarkupLineInterpolated($"{result.Reconcile.Articles} article(s) in store: {result.Reconcile.Ingested} ingested, {quarantined} quarantined, {result.Reconcile.Deleted} deleted.");
        foreach (var (queue, count) in result.MessagesHandled.Where(q => q.Value > 0))
        {
            AnsiConsole.MarkupLineInterpolated($"  {queue}: {count} message(s) handled");
        }

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (!storage.UsesAzure)
        {
            var feedsFolder = Path.Combine(Path.GetFullPath(storage.DataRoot), "feeds");
            AnsiConsole.MarkupLineInterpolated($"Feeds written to [bold]{feedsFolder}[/] (rss.xml, atom.xml, feed.json, per language and tag, index.opml).");
            AnsiConsole.MarkupLineInterpolated($"Open them in a feed reader: run 'syndication run --data {storage.DataRoot}' and subscribe to {feeds.Base}/feeds/rss.xml");
        }
        else
        {
            AnsiConsole.MarkupLine("Feeds written to the 'feeds' container of the storage account.");
        }

        if (quarantined > 0)
        {
            AnsiConsole.MarkupLine("[red]Some articles were quarantined[/]: see quarantine/<name>.error.json for the reason.");
        }
    }
}
