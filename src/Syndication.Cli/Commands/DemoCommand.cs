using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Syndication.Cli.Delivery;
using Syndication.Core.Storage;

namespace Syndication.Cli.Commands;

/// <summary>
/// <c>demo</c>: the whole job on the bundled samples with the embedded store — upload every sample, run the
/// pipeline once, and say where the feeds are. What a new user runs first.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var samples = new Option<string?>("--samples") { Description = "Folder of sample articles (default: the repository's samples/)" };
        var command = new Command("demo", "Upload the bundled samples and run the pipeline once on them") { samples };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(samples) ?? FindSamples()
                ?? throw new CliException("samples folder not found: run from the repository root or pass --samples DIR");
            if (!Directory.Exists(folder))
            {
                throw new CliException($"samples folder not found: {folder}");
            }

            // A demo partner on loopback shows delivery working with no setup.
            await using var partner = await DemoPartner.StartAsync(Console.Out, TimeProvider.System, cancellationToken);
            var extra = RunCommand.DefaultBaseUrl(RunCommand.DefaultUrls);
            foreach (var (key, value) in DemoPartner.ConfigurationOverrides)
            {
                extra[key] = value;
            }

            var configuration = GlobalOptions.BuildConfiguration(parse, extra);
            using (var provider = ServiceFactory.Build(parse, configuration))
            {
                await ServiceFactory.EnsureStorageReachableAsync(provider, configuration, cancellationToken);
                var uploader = new ArticleUploader(provider.GetRequiredService<IBlobStore>());
                var files = Directory.EnumerateFiles(folder)
                    .Where(f => Path.GetFileName(f) is var name && !name.StartsWith('.') && !name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).ToList();
                foreach (var file in files)
                {
                    await uploader.UploadAsync(file, Path.GetFileName(file), cancellationToken);
                }

                AnsiConsole.MarkupLineInterpolated($"Uploaded {files.Count} sample article(s) from {folder} into articles/.");
            }

            return await RunCommand.RunOnceAsync(parse, configuration, partner, cancellationToken);
        });
        return command;
    }

    private static string? FindSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Syndication.sln")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
