using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Syndication.Core.Publishing;

namespace Syndication.Cli.Commands;

/// <summary><c>feeds rebuild</c>: rewrites every feed document and archive page from <c>entries/</c>.</summary>
internal static class FeedsCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "Rewrite every feed, archive page and the OPML index from entries/ (recovery, after a bulk import)");
        rebuild.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = GlobalOptions.BuildConfiguration(parse, RunCommand.DefaultBaseUrl(RunCommand.DefaultUrls));
            using var provider = ServiceFactory.Build(parse, configuration);
            await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
            using var folderLock = Local.DataFolderLock.AcquireIfLocal(configuration, "feeds rebuild");
            var publisher = provider.GetRequiredService<PublishHandler>();
            var clock = Stopwatch.StartNew();
            if (Console.IsOutputRedirected)
            {
                await publisher.RebuildAsync(cancellationToken);
            }
            else
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var tasks = new Dictionary<string, (ProgressTask Task, Stopwatch Clock)>(StringComparer.Ordinal);
                        var progress = new SynchronousProgress<RebuildProgress>(p =>
                        {
                            if (!tasks.TryGetValue(p.Phase, out var phase))
                            {
                                foreach (var earlier in tasks.Values)
                                {
                                    earlier.Task.Value = earlier.Task.MaxValue;
                                }

                                phase = (context.AddTask(p.Phase, maxValue: Math.Max(1, p.Total)), Stopwatch.StartNew());
                                tasks[p.Phase] = phase;
                            }

                            phase.Task.MaxValue = Math.Max(1, p.Total);
                            phase.Task.Value = Math.Max(phase.Task.Value, p.Done);
                            var rate = p.Done / Math.Max(0.001, phase.Clock.Elapsed.TotalSeconds);
                            phase.Task.Description = $"{p.Phase} {p.Done:N0}/{p.Total:N0} ({rate:N0}/s)";
                        });
                        await publisher.RebuildAsync(cancellationToken, progress);
                        foreach (var phase in tasks.Values)
                        {
                            phase.Task.Value = phase.Task.MaxValue;
                        }
                    });
            }

            AnsiConsole.MarkupLineInterpolated($"Feeds rebuilt in {clock.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        });
        return new Command("feeds", "Maintain the published feeds") { rebuild };
    }
}

/// <summary>Reports on the caller's thread, serialised (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
