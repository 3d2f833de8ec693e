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
            var publisher = provider.GetRequiredService<PublishHandler>();
            var clock = Stopwatch.StartNew();
            if (Console.IsOutputRedirected)
            {
                await publisher.RebuildAsync(cancellationToken);
            }
            else
            {
                await AnsiConsole.Status().StartAsync("rebuilding feeds…", _ => publisher.RebuildAsync(cancellationToken));
            }

            AnsiConsole.MarkupLineInterpolated($"Feeds rebuilt in {clock.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        });
        return new Command("feeds", "Maintain the published feeds") { rebuild };
    }
}
