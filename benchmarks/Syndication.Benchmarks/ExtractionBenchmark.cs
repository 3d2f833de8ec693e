using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using Syndication.Core.Articles;
using Syndication.Extraction;

namespace Syndication.Benchmarks;

/// <summary>
/// Body-extraction quality and speed of our extractor against SmartReader (the .NET Readability port) on the same
/// pages in the same invocation, on either data set (<see cref="ExtractionDataset"/>: the 181-page token set or the
/// multilingual segment set), each scored by its own metric. The headline is the whole process, as a user runs it: our
/// real CLI (<c>dotnet syndication.dll extract --list FILE</c>) against a SmartReader program doing the same job
/// (<see cref="SmartReaderExtract"/>), both on the same number of cores, wall clock from start to exit, best of N
/// rounds, the two alternating; CPU seconds are reported beside it. The in-process figures (warm, one thread each,
/// no start-up) are the per-core comparison of the extractors alone.
/// </summary>
public sealed partial class ExtractionBenchmark : IBenchmark
{
    private const string Ours = "syndication";
    private const string Baseline = "smartreader-0.11.1";

    public string Name => "extraction";

    public string Description => "body F and pages/s, whole process: our CLI vs SmartReader 0.11.1, same cores [--dataset DIR] [--cores N] [--rounds N] [--in-process-rounds N] [--worst N] [--cli syndication.dll] [--baseline-env NAME=VALUE]...";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var directory = Option(args, "--dataset") ?? DefaultDataset();
        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var inProcessRounds = int.Parse(Option(args, "--in-process-rounds") ?? "3", CultureInfo.InvariantCulture);
        var worst = int.Parse(Option(args, "--worst") ?? "10", CultureInfo.InvariantCulture);
        var coresOption = Option(args, "--cores");
        if (directory is null || !ExtractionDataset.Exists(directory))
        {
            Console.Error.WriteLine($"extraction: no dataset at '{directory ?? "../shared/benchmarks/extraction"}' (expected ground-truth.json or evaldata.json, and html/); pass --dataset DIR");
            return 66;
        }

        var cli = Path.GetFullPath(Option(args, "--cli") ?? DefaultCli());
        if (!File.Exists(cli) || !File.Exists(Path.ChangeExtension(cli, ".runtimeconfig.json")))
        {
            Console.Error.WriteLine($"extraction: no built CLI at '{cli}' (with its .runtimeconfig.json); build benchmarks/Syndication.Benchmarks or pass --cli PATH");
            return 66;
        }

        var dataset = ExtractionDataset.Load(directory);
        Console.WriteLine($"dataset: {dataset.Directory} ({dataset.Pages.Count} pages, {dataset.Pages.Sum(p => (long)p.Html.Length) / 1024.0 / 1024.0:F1} MB, metric: {(dataset.Metric == ExtractionMetric.Segments ? "segments, summed over pages" : "token 4-gram shingles, mean over pages")})");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}");

        if (inProcessRounds > 0)
        {
            RunInProcess(dataset, inProcessRounds, cancellationToken);
        }

        // Both processes get the same cores: DOTNET_PROCESSOR_COUNT is what Environment.ProcessorCount reports, which sizes
        // our window of in-flight pages and SmartReader's PLINQ workers alike.
        var cores = coresOption is null ? Environment.ProcessorCount : int.Parse(coresOption, CultureInfo.InvariantCulture);
        var oursEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        var baselineEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (coresOption is not null)
        {
            oursEnvironment["DOTNET_PROCESSOR_COUNT"] = baselineEnvironment["DOTNET_PROCESSOR_COUNT"] = coresOption;
        }

        // E.g. --baseline-env DOTNET_TieredCompilation=0: give SmartReader's process the runtime settings our CLI ships with.
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--baseline-env" && args[i + 1].Split('=', 2) is [{ Length: > 0 } name, var value])
            {
                baselineEnvironment[name] = value;
            }
        }

        var results = await RunWholeProcessAsync(dataset, cli, oursEnvironment, baselineEnvironment, cores, rounds, cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"whole process (start to exit, best round; both sides on {cores} cores):");
        Console.WriteLine($"  {"extractor",-20} {"F",7} {"precision",10} {"recall",7} {"failed",7} {"seconds",8} {"pages/s",9} {"CPU s",7} {"pages/CPU s",12}");
        foreach (var (name, result) in results)
        {
            Console.WriteLine($"  {name,-20} {result.Score.F1,7:F4} {result.Score.Precision,10:F4} {result.Score.Recall,7:F4} {result.Failed,7} {result.Best.TotalSeconds,8:F2} {result.PagesPerSecond,9:F1} {result.BestCpu?.TotalSeconds,7:F2} {result.PagesPerCpuSecond,12:F1}");
        }

        PrintWorst(dataset, results, worst);

        var ratio = results[Ours].PagesPerSecond / results[Baseline].PagesPerSecond;
        Console.WriteLine($"speed ratio (ours / SmartReader), whole process, both on {cores} cores: {ratio:F2}x wall clock"
            + (results[Ours].PagesPerCpuSecond is { } oursCpu && results[Baseline].PagesPerCpuSecond is { } baselineCpu ? $", {oursCpu / baselineCpu:F2}x per CPU second" : ""));
        foreach (var (name, result) in results)
        {
            var line = new Dictionary<string, object>
            {
                ["extractor"] = name,
                ["f1"] = Math.Round(result.Score.F1, 4),
                ["precision"] = Math.Round(result.Score.Precision, 4),
                ["recall"] = Math.Round(result.Score.Recall, 4),
                ["pages_per_s"] = Math.Round(result.PagesPerSecond, 1),
                ["dataset"] = dataset.Name,
                ["metric"] = dataset.Metric == ExtractionMetric.Segments ? "segments" : "token-shingles",
                ["cores"] = cores,
                ["mode"] = "whole-process",
                ["seconds"] = Math.Round(result.Best.TotalSeconds, 3),
            };
            if (result.BestCpu is { } cpu)
            {
                line["cpu_s"] = Math.Round(cpu.TotalSeconds, 3);
            }

            Console.WriteLine(JsonSerializer.Serialize(line));
        }

        return 0;
    }

    /// <summary>Each extractor's <paramref name="count"/> worst pages by the data set's metric, with the other's score beside.</summary>
    private static void PrintWorst(ExtractionDataset dataset, Dictionary<string, WholeProcessResult> results, int count)
    {
        if (count <= 0)
        {
            return;
        }

        foreach (var (name, result) in results)
        {
            var other = results.First(r => r.Key != name);
            Console.WriteLine();
            Console.WriteLine($"{name}: {count} worst pages ({other.Key}'s F beside)");
            foreach (var (page, index) in result.Score.PerPage.Select((p, i) => (p, i)).OrderBy(p => p.p.F).ThenBy(p => p.p.Id, StringComparer.Ordinal).Take(count))
            {
                var address = page.Url.Length > 0 ? page.Url : dataset.Pages[index].Id;
                Console.WriteLine($"  F {page.F:F2} ({other.Key.Split('-')[0]} {other.Value.Score.PerPage[index].F:F2})  {page.Id}  {page.Detail}  {address}");
            }
        }
    }

    /// <summary>Both extractors called in this process, one thread each, after a warm-up: per-core speed of the extractors alone.</summary>
    private static void RunInProcess(ExtractionDataset dataset, int rounds, CancellationToken cancellationToken)
    {
        var pages = dataset.Pages;
        var ours = ArticleExtractor.Create();
        var extractors = new (string Name, Func<ExtractionPage, string> Run)[]
        {
            (Ours, page =>
            {
                try
                {
                    return ours.Extract(new ArticleSource(page.Id + ".html", page.Html)).Text;
                }
                catch (ExtractionException)
                {
                    return "";
                }
            }),
            (Baseline, page =>
            {
                try
                {
                    return SmartReaderExtract.TextOf(page.Url.Length > 0 ? page.Url : "https://example.org/" + page.Id + ".html", page.Html, page.Id + ".html");
                }
                catch (ExtractionException)
                {
                    return "";
                }
            }),
        };

        Console.WriteLine();
        Console.WriteLine("in-process (warm, one thread each, extractor only: the per-core comparison, not the headline):");

        // Warm-up: JIT, regex compilation and caches for both, on a slice of the pages.
        foreach (var (_, run) in extractors)
        {
            foreach (var page in pages.Take(25))
            {
                run(page);
            }
        }

        var results = new Dictionary<string, (ExtractionScore Score, double PagesPerSecond)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in extractors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var outputs = new string[pages.Count];
                var stopwatch = Stopwatch.StartNew();
                for (var i = 0; i < pages.Count; i++)
                {
                    outputs[i] = run(pages[i]);
                }

                stopwatch.Stop();
                var pagesPerSecond = pages.Count / stopwatch.Elapsed.TotalSeconds;
                Console.WriteLine($"  round {round + 1}: {name,-20} {pagesPerSecond,8:F1} pages/s");
                var score = results.TryGetValue(name, out var previous) ? previous.Score : dataset.Score(outputs);
                // Best round: the least disturbed by other processes on a shared machine.
                results[name] = (score, Math.Max(pagesPerSecond, previous.PagesPerSecond));
            }
        }

        Console.WriteLine($"  {"extractor",-20} {"F",7} {"precision",10} {"recall",7} {"pages/s",9}");
        foreach (var (name, (score, speed)) in results)
        {
            Console.WriteLine($"  {name,-20} {score.F1,7:F4} {score.Precision,10:F4} {score.Recall,7:F4} {speed,9:F1}");
        }

        Console.WriteLine($"  in-process speed ratio (ours / SmartReader), one core each: {results[Ours].PagesPerSecond / results[Baseline].PagesPerSecond:F2}x");
    }

    /// <summary>
    /// Writes the pages to a temp folder with list files, then runs both processes <paramref name="rounds"/> times,
    /// alternating which goes first so neither always gets the quieter moment.
    /// </summary>
    private static async Task<Dictionary<string, WholeProcessResult>> RunWholeProcessAsync(ExtractionDataset dataset, string cli, IReadOnlyDictionary<string, string> oursEnvironment, IReadOnlyDictionary<string, string> baselineEnvironment, int cores, int rounds, CancellationToken cancellationToken)
    {
        var pages = dataset.Pages;
        var folder = Path.Combine(Path.GetTempPath(), "syndication-extraction-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var paths = new List<string>();
            var baselineList = new StringBuilder();
            foreach (var page in pages)
            {
                var path = Path.Combine(folder, page.Id + ".html");
                await File.WriteAllBytesAsync(path, page.Html, cancellationToken);
                paths.Add(path);
                // SmartReader gets each page's real address (the annotation's url) to resolve links against, when there is one.
                baselineList.Append(path).Append('\t').Append(page.Url).Append('\n');
            }

            var oursList = Path.Combine(folder, "pages.list");
            var smartReaderList = Path.Combine(folder, "pages-with-urls.list");
            await File.WriteAllLinesAsync(oursList, paths, cancellationToken);
            await File.WriteAllTextAsync(smartReaderList, baselineList.ToString(), cancellationToken);

            var processes = new[]
            {
                new ExtractionProcess(Ours, cli, ["extract", "--list", oursList], oursEnvironment),
                new ExtractionProcess(Baseline, Path.Combine(AppContext.BaseDirectory, "Syndication.Benchmarks.dll"), [SmartReaderExtract.CommandName, "--list", smartReaderList], baselineEnvironment),
            };
            Console.WriteLine();
            Console.WriteLine($"whole process, {rounds} rounds, {cores} cores each:");
            Console.WriteLine($"  {Ours}: {Variables(oursEnvironment)}dotnet {cli} extract --list LIST ({(IsReadyToRun(cli) ? "ReadyToRun" : "IL only, JIT")}; {cores} cores: a window of {Math.Max(2, cores * 4)} pages in flight, printed in input order)");
            Console.WriteLine($"  {Baseline}: {Variables(baselineEnvironment)}dotnet Syndication.Benchmarks.dll {SmartReaderExtract.CommandName} --list LIST ({cores} cores: PLINQ, {cores} workers, printed in input order; text kept whether or not IsReadable; pages decoded by our PageDecoder)");

            var results = new Dictionary<string, WholeProcessResult>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var process in round % 2 == 0 ? processes : processes.Reverse())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var run = await process.RunAsync(paths, cancellationToken);
                    Console.WriteLine($"  round {round + 1}: {process.Name,-20} {run.Elapsed.TotalSeconds,6:F2} s {pages.Count / run.Elapsed.TotalSeconds,8:F1} pages/s {run.Cpu?.TotalSeconds,6:F2} CPU s");
                    if (results.TryGetValue(process.Name, out var previous))
                    {
                        // Same pages, same program: the output must not change between runs (order, parallelism).
                        if (!previous.Texts.SequenceEqual(run.Output.Texts))
                        {
                            throw new InvalidOperationException($"{process.Name}: round {round + 1} printed different text than round 1");
                        }

                        results[process.Name] = previous with
                        {
                            Best = run.Elapsed < previous.Best ? run.Elapsed : previous.Best,
                            BestCpu = run.Cpu is { } cpu && (previous.BestCpu is null || cpu < previous.BestCpu) ? cpu : previous.BestCpu,
                        };
                    }
                    else
                    {
                        results[process.Name] = new WholeProcessResult(dataset.Score(run.Output.Texts), run.Output.Texts, run.Output.Failed, pages.Count, run.Elapsed, run.Cpu);
                    }
                }
            }

            return results;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Variables(IReadOnlyDictionary<string, string> variables) => string.Concat(variables.Select(e => $"{e.Key}={e.Value} "));

    /// <summary>Score (from the first run), texts to compare later runs with, and the best wall-clock and CPU times.</summary>
    private sealed record WholeProcessResult(ExtractionScore Score, IReadOnlyList<string> Texts, int Failed, int Pages, TimeSpan Best, TimeSpan? BestCpu)
    {
        public double PagesPerSecond => Pages / Best.TotalSeconds;

        public double? PagesPerCpuSecond => BestCpu is { } cpu ? Pages / cpu.TotalSeconds : null;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>
    /// The CLI as <c>dotnet run --project src/Syndication.Cli</c> runs it: its own build output, in this benchmark's
    /// configuration (the ProjectReference has just built it; a Release build there is ReadyToRun, see its csproj).
    /// Failing that, the copy the ProjectReference put beside us.
    /// </summary>
    internal static string DefaultCli()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repository = FindRepositoryRoot();
        if (repository is not null && output.Parent is { } configuration)
        {
            var own = Path.Combine(repository, "src", "Syndication.Cli", "bin", configuration.Name, output.Name, "syndication.dll");
            if (File.Exists(own))
            {
                return own;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "syndication.dll");
    }

    /// <summary>Whether the assembly carries precompiled (ReadyToRun) code, so the output says what was measured.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>
    /// <c>../shared/benchmarks/extraction</c> beside the repository root (the folder holding Syndication.sln), or beside one
    /// of its parents (a worktree sits a level deeper than the main checkout).
    /// </summary>
    private static string? DefaultDataset()
    {
        for (var directory = FindRepositoryRoot() is { } root ? new DirectoryInfo(root).Parent : null; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "benchmarks", "extraction");
            if (ExtractionDataset.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The folder holding Syndication.sln, above the current folder or this program.</summary>
    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Syndication.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
