using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;
using Syndication.Core.Queues;

namespace Syndication.Cli.Commands;

/// <summary><c>status</c>, <c>quarantine list|retry</c> and <c>poison retry</c>: what happened to uploads and parked work, from the command line.</summary>
internal static class StatusCommands
{
    public static Command CreateStatus()
    {
        var limit = new Option<int>("--limit") { Description = "How many recent uploads to show", DefaultValueFactory = _ => 50 };
        var json = JsonLines.CreateOption();
        var command = new Command("status", "Show recent uploads: published, quarantined (with the reason) or superseded") { limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            var articles = await provider.GetRequiredService<ArticleStatusQuery>().RecentAsync(parse.GetValue(limit), cancellationToken);
            var parkedMessages = await provider.GetRequiredService<PoisonLedger>().ListParkedAsync(cancellationToken);
            var waiting = await WaitingWorkAsync(provider.GetRequiredService<IWorkQueue>(), cancellationToken);
            if (parse.GetValue(json))
            {
                using var lines = new JsonLines();
                foreach (var article in articles)
                {
                    lines.Write(w =>
                    {
                        w.WriteString("name", article.ArticleName);
                        w.WriteString("status", article.State.ToString().ToLowerInvariant());
                        JsonLines.WriteTime(w, "uploaded", article.Uploaded);
                        w.WriteString("entry", article.Entry?.Id);
                        w.WriteString("title", article.Entry?.Title);
                        JsonLines.WriteTime(w, "published", article.Entry?.Published);
                        w.WriteString("language", article.Entry?.Language);
                        JsonLines.WriteStrings(w, "tags", article.Entry?.Tags ?? []);
                        JsonLines.WriteStrings(w, "limits", article.Entry?.Limits ?? []);
                        w.WriteString("reason", article.Quarantine?.Reason);
                    });
                }

                // After the uploads, one line per parked message: "status" tells them apart, "name" says where it is.
                foreach (var parked in parkedMessages)
                {
                    lines.Write(w =>
                    {
                        w.WriteString("name", ParkedName(parked));
                        w.WriteString("status", "parked");
                        w.WriteString("queue", parked.Queue);
                        w.WriteString("id", parked.Id);
                        w.WriteString("message", parked.Body);
                        JsonLines.WriteTime(w, "firstSeen", parked.FirstSeen);
                        JsonLines.WriteTime(w, "lastSeen", parked.LastSeen);
                        w.WriteNumber("requeues", parked.TimesRequeued);
                        w.WriteString("reason", parked.Reason);
                    });
                }

                // Then one line per queue holding work not yet done (a feed update that has not run yet, say).
                foreach (var (queue, messages) in waiting)
                {
                    lines.Write(w =>
                    {
                        w.WriteString("name", queue);
                        w.WriteString("status", "waiting");
                        w.WriteString("queue", queue);
                        w.WriteNumber("messages", messages);
                    });
                }

                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("uploaded", "article", "status", "title / reason", "published", "lang", "tags");
            foreach (var article in articles)
            {
                var colour = article.State switch
                {
                    ArticleState.Published => "green",
                    ArticleState.Quarantined => "red",
                    _ => "yellow",
                };
                table.AddRow(
                    article.Uploaded.ToString("yyyy-MM-dd HH:mm"),
                    Markup.Escape(article.ArticleName),
                    $"[{colour}]{article.State.ToString().ToLowerInvariant()}[/]",
                    Markup.Escape(article.Entry?.Title ?? article.Quarantine?.Reason ?? ""),
                    article.Entry?.Published.ToString("yyyy-MM-dd") ?? "",
                    Markup.Escape(article.Entry?.Language ?? ""),
                    Markup.Escape(string.Join(", ", article.Entry?.Tags ?? [])));
            }

            AnsiConsole.Write(table);
            var counts = articles.GroupBy(a => a.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            AnsiConsole.MarkupLineInterpolated($"{articles.Count} upload(s) shown: {string.Join(", ", counts)}");
            foreach (var parked in parkedMessages)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]parked[/] {ParkedName(parked)} (requeued {parked.TimesRequeued}×, first seen {parked.FirstSeen:yyyy-MM-dd HH:mm}, last {parked.LastSeen:yyyy-MM-dd HH:mm} UTC), message {parked.Body}: {parked.Reason}");
            }

            foreach (var (queue, messages) in waiting)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]waiting[/] {messages} {queue} message(s) not handled yet{WaitingMeans(queue)}; 'syndication run' (or run --once) handles them, and a failed one is retried after its visibility timeout");
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>poison retry &lt;queue&gt;-poison/&lt;id&gt;|--all</c>: the operator page's Retry of parked work.</summary>
    public static Command CreatePoison()
    {
        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne, Description = "Parked message to retry, as status shows it: <queue>-poison/<id>" };
        var all = new Option<bool>("--all") { Description = "Retry every parked message" };
        var retry = new Command("retry", "Requeue parked poison messages with a fresh count (after fixing the cause)") { name, all };
        retry.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(name);
            if ((single is null) == !parse.GetValue(all))
            {
                throw new CliException("give a parked message (<queue>-poison/<id>, as status shows it) or --all");
            }

            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            using var folderLock = Local.DataFolderLock.AcquireIfLocal(configuration, "poison retry");
            var targets = single is null
                ? [.. (await provider.GetRequiredService<PoisonLedger>().ListParkedAsync(cancellationToken)).Select(p => (p.Queue, p.Id))]
                : new List<(string Queue, string Id)> { ParseParkedName(single) };
            var notFound = 0;
            foreach (var (queue, id) in targets)
            {
                var outcome = await provider.GetRequiredService<PoisonReconciler>().RetryParkedAsync(queue, id, cancellationToken);
                notFound += outcome == ParkedRetryOutcome.NotFound ? 1 : 0;
                var said = outcome switch
                {
                    ParkedRetryOutcome.Requeued => "requeued",
                    ParkedRetryOutcome.RequeuedByNextPass => "no longer parked; the next reconcile pass requeues it",
                    _ => "not parked (retried already?)",
                };
                AnsiConsole.MarkupLineInterpolated($"{QueueDrainer.PoisonQueue(queue)}/{id}: {said}");
            }

            // Work what was requeued now, as quarantine retry does; what fails again is retried and counted as before.
            await provider.GetRequiredService<Core.Pipeline.PipelineRunner>().DrainQueuesAsync(cancellationToken);
            return notFound > 0 ? 1 : 0;
        });

        return new Command("poison", "Retry work parked in a poison queue") { retry };
    }

    /// <summary>Queues with messages waiting (visible or not yet due for their retry), in pipeline order.</summary>
    private static async Task<List<(string Queue, int Messages)>> WaitingWorkAsync(IWorkQueue queue, CancellationToken cancellationToken)
    {
        var waiting = new List<(string Queue, int Messages)>();
        foreach (var name in QueueNames.All)
        {
            if (await queue.CountAsync(name, cancellationToken) is var count and > 0)
            {
                waiting.Add((name, count));
            }
        }

        return waiting;
    }

    private static string WaitingMeans(string queue) => queue switch
    {
        QueueNames.Publish => " (the feeds lag behind the stored entries until they are)",
        QueueNames.Deliveries => " (partners have not been sent these changes yet)",
        _ => "",
    };

    private static string ParkedName(ParkedMessage parked) => $"{QueueDrainer.PoisonQueue(parked.Queue)}/{parked.Id}";

    private static (string Queue, string Id) ParseParkedName(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var queue = slash < 0 ? "" : name[..slash];
        return queue.EndsWith("-poison", StringComparison.Ordinal)
            ? (queue[..^"-poison".Length], name[(slash + 1)..])
            : throw new CliException($"'{name}' is not a parked message's name; status shows them as <queue>-poison/<id>");
    }

    public static Command CreateQuarantine()
    {
        var json = JsonLines.CreateOption();
        var list = new Command("list", "List quarantined uploads with the reason") { json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            if (parse.GetValue(json))
            {
                using var lines = new JsonLines();
                await foreach (var record in provider.GetRequiredService<ArticleStatusQuery>().QuarantinedAsync(cancellationToken))
                {
                    lines.Write(w =>
                    {
                        w.WriteString("name", record.Source);
                        w.WriteString("reason", record.Reason);
                        JsonLines.WriteTime(w, "when", record.QuarantinedAt);
                        w.WriteNumber("bytes", record.Bytes);
                        w.WriteString("version", record.Version);
                    });
                }

                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("upload", "reason", "when", "bytes");
            var count = 0;
            await foreach (var record in provider.GetRequiredService<ArticleStatusQuery>().QuarantinedAsync(cancellationToken))
            {
                table.AddRow(Markup.Escape(record.Source), Markup.Escape(record.Reason), record.QuarantinedAt.ToString("yyyy-MM-dd HH:mm"), record.Bytes.ToString("N0"));
                count++;
            }

            if (count == 0)
            {
                AnsiConsole.MarkupLine("Nothing is quarantined.");
                return 0;
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne, Description = "Upload to retry" };
        var all = new Option<bool>("--all") { Description = "Retry every quarantined upload" };
        var retry = new Command("retry", "Process quarantined uploads again (e.g. after an extractor fix)") { name, all };
        retry.SetAction(async (parse, cancellationToken) =>
        {
            var single = parse.GetValue(name);
            if ((single is null) == !parse.GetValue(all))
            {
                throw new CliException("give an upload name or --all");
            }

            var configuration = GlobalOptions.BuildConfiguration(parse);
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            using var folderLock = Local.DataFolderLock.AcquireIfLocal(configuration, "quarantine retry");
            var retrier = provider.GetRequiredService<QuarantineRetry>();
            var results = single is null ? await retrier.RetryAllAsync(cancellationToken) : [await retrier.RetryAsync(single, cancellationToken)];
            foreach (var result in results)
            {
                AnsiConsole.MarkupLineInterpolated($"{result.ArticleName}: {result.Status.ToString().ToLowerInvariant()} {result.Reason ?? ""}");
            }

            // Publish what the retry produced so the feeds reflect it at once.
            await provider.GetRequiredService<Core.Pipeline.PipelineRunner>().DrainQueuesAsync(cancellationToken);
            return results.Any(r => r.Status is IngestStatus.Quarantined or IngestStatus.Missing) ? 1 : 0;
        });

        return new Command("quarantine", "See and retry quarantined uploads") { list, retry };
    }
}
