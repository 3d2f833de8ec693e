using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Syndication.Benchmarks;

/// <summary>
/// A site migration through the real CLI on the folder store: every page of the extraction data set under several
/// names, <c>upload</c> of the folder plus <c>run --once</c>, against <c>extract --list</c> of the same pages in the
/// same run (whole processes, wall clock). Then checks that every entry is reachable exactly once from
/// <c>feeds/atom.xml</c> through its <c>prev-archive</c> chain. Also reports the CPU time (user + system) of the same
/// processes and its ratio, which the state of the disk moves far less than the wall clock (Linux only).
/// </summary>
public sealed class BulkImportBenchmark : IBenchmark
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public string Name => "bulk-import";

    public string Description => "upload + run --once of the extraction pages under 4 names each, vs extract --list of the same pages, median of 3 rounds [--dataset DIR] [--copies 4] [--rounds 3] [--root DIR] [--cli syndication.dll]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dataset = Option(args, "--dataset") ?? DefaultDataset();
        if (dataset is null || !Directory.Exists(Path.Combine(dataset, "html")))
        {
            Console.Error.WriteLine("bulk-import: no data set with html/ (../shared/benchmarks/extraction); pass --dataset DIR");
            return 2;
        }

        var copies = int.Parse(Option(args, "--copies") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
        var rounds = Math.Max(1, int.Parse(Option(args, "--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture));
        var cli = Option(args, "--cli") ?? DefaultCli();

        // A disk, not /dev/shm: the store's flushes are part of what an import costs. Every round gets a folder of its
        // own, and all are deleted only at the end: on ext4 without a journal, a new file's inode allocation skips each
        // inode freed in the last minute, so deleting one round's 10,000 files would slow the next round down.
        var root = Path.Combine(Option(args, "--root") ?? Path.GetTempPath(), "syndication-bulk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var results = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                var result = await RunRoundAsync(Path.Combine(root, $"round-{round}"), dataset, copies, cli, cancellationToken);
                Console.WriteLine($"round {round}: extract --list {result.Extract.TotalSeconds:F2} s ({result.Extracted} of {result.Pages} extracted); upload {result.Upload.TotalSeconds:F2} s, run --once {result.Run.TotalSeconds:F2} s, import {result.Import.TotalSeconds:F2} s = {result.Ratio:F2}x extract; CPU {Cpu(result.ExtractCpu)} against {Cpu(result.ImportCpu)} = {CpuRatio(result)}; entries {result.Entries}, from feeds/atom.xml through prev-archive {result.Reachable} items, {result.Distinct} distinct");
                results.Add(result);
            }

            var median = results.OrderBy(r => r.Ratio).ElementAt(results.Count / 2);
            Console.WriteLine($"bulk-import: median of {rounds} round(s) {median.Ratio:F2}x (import {median.Import.TotalSeconds:F2} s, extract {median.Extract.TotalSeconds:F2} s); all: {string.Join(", ", results.Select(r => r.Ratio.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "x"))}");
            var cpuMedian = results.Select(r => r.CpuRatio).OfType<double>().Order().ToList();
            if (cpuMedian.Count > 0)
            {
                Console.WriteLine($"bulk-import: median CPU ratio {cpuMedian[cpuMedian.Count / 2]:F2}x; all: {string.Join(", ", results.Select(CpuRatio))}");
            }

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["pages"] = median.Pages,
                ["rounds"] = rounds,
                ["ratio"] = Math.Round(median.Ratio, 2),
                ["ratios"] = results.Select(r => Math.Round(r.Ratio, 2)).ToArray(),
                ["import_s"] = Math.Round(median.Import.TotalSeconds, 2),
                ["extract_s"] = Math.Round(median.Extract.TotalSeconds, 2),
                ["upload_s"] = Math.Round(median.Upload.TotalSeconds, 2),
                ["run_s"] = Math.Round(median.Run.TotalSeconds, 2),
                ["cpu_ratio"] = cpuMedian.Count > 0 ? Math.Round(cpuMedian[cpuMedian.Count / 2], 2) : null,
                ["cpu_ratios"] = results.Select(r => r.CpuRatio is { } c ? Math.Round(c, 2) : (double?)null).ToArray(),
                ["entries"] = median.Entries,
                ["reachable"] = median.Reachable,
                ["distinct"] = median.Distinct,
            }));

            var wrong = results.Where(r => !r.AllOnce).ToList();
            foreach (var r in wrong)
            {
                Console.Error.WriteLine($"bulk-import: expected each of {r.Extracted} extractable pages once in the feeds; entries {r.Entries}, reachable {r.Reachable}, distinct {r.Distinct}");
            }

            return wrong.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One round in a folder of its own: <c>extract --list</c>, then <c>upload</c> and <c>run --once</c> of the same pages.</summary>
    private static async Task<Round> RunRoundAsync(string folder, string dataset, int copies, string cli, CancellationToken cancellationToken)
    {
        var pagesFolder = Path.Combine(folder, "pages");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(pagesFolder);
        var pages = PreparePages(Path.Combine(dataset, "html"), pagesFolder, copies);
        var list = Path.Combine(folder, "list.txt");
        await File.WriteAllLinesAsync(list, pages, cancellationToken);
        Console.WriteLine($"bulk-import: {pages.Count} pages ({pages.Count / copies} under {copies} names) in {folder}; CLI {cli}");

        var extract = await RunCliAsync(cli, ["extract", "--list", list], [0, 2], cancellationToken);
        var upload = await RunCliAsync(cli, ["upload", "--data", data, pagesFolder], [0], cancellationToken);
        // 1 = some article was quarantined (reported below), not a failed run.
        var run = await RunCliAsync(cli, ["run", "--once", "--data", data], [0, 1], cancellationToken);

        var extracted = extract.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.StartsWith("{\"source\":", StringComparison.Ordinal) || !l.Contains("\"error\":", StringComparison.Ordinal));
        var entries = Directory.Exists(Path.Combine(data, "entries")) ? Directory.EnumerateFiles(Path.Combine(data, "entries"), "*.json").Count() : 0;
        var (reachable, distinct) = CountReachable(Path.Combine(data, "feeds"));
        return new Round(pages.Count, extracted, extract.Elapsed, upload.Elapsed, run.Elapsed, entries, reachable, distinct)
        {
            ExtractCpu = extract.Cpu,
            ImportCpu = upload.Cpu + run.Cpu,
        };
    }

    private static string Cpu(TimeSpan? cpu) => cpu is { } c ? $"{c.TotalSeconds:F2} s" : "n/a";

    private static string CpuRatio(Round round) => round.CpuRatio is { } c ? c.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "x" : "n/a";

    private sealed record Round(int Pages, int Extracted, TimeSpan Extract, TimeSpan Upload, TimeSpan Run, int Entries, int Reachable, int Distinct)
    {
        public TimeSpan Import => Upload + Run;

        public double Ratio => Import.TotalSeconds / Extract.TotalSeconds;

        /// <summary>User + system seconds of the processes, from <see cref="ChildCpuTime"/>; null where it cannot be read.</summary>
        public TimeSpan? ExtractCpu { get; init; }

        public TimeSpan? ImportCpu { get; init; }

        public double? CpuRatio => ExtractCpu is { TotalSeconds: > 0 } e && ImportCpu is { } i ? i.TotalSeconds / e.TotalSeconds : null;

        public bool AllOnce => Entries == Extracted && Reachable == Entries && Distinct == Entries;
    }

    /// <summary>Each page of the data set (gzip-compressed or not) written under <paramref name="copies"/> names, as an editor's export would hold them.</summary>
    private static List<string> PreparePages(string html, string folder, int copies)
    {
        var written = new List<string>();
        foreach (var file in Directory.EnumerateFiles(html).Order(StringComparer.Ordinal))
        {
            var compressed = file.EndsWith(".gz", StringComparison.Ordinal);
            byte[] bytes;
            if (compressed)
            {
                using var input = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                bytes = buffer.ToArray();
            }
            else
            {
                bytes = File.ReadAllBytes(file);
            }

            var name = Path.GetFileName(compressed ? file[..^3] : file);
            for (var copy = 1; copy <= copies; copy++)
            {
                var path = Path.Combine(folder, $"n{copy}-{name}");
                File.WriteAllBytes(path, bytes);
                written.Add(path);
            }
        }

        return written;
    }

    /// <summary>Follows the site Atom feed's prev-archive links on disk; returns the items seen and how many were distinct.</summary>
    private static (int Items, int Distinct) CountReachable(string feeds)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var name = "atom.xml";
        while (name is not null && seen.Add(name) && File.Exists(Path.Combine(feeds, name)))
        {
            var document = XDocument.Load(Path.Combine(feeds, name));
            ids.AddRange(document.Root!.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "id") ?? ""));
            var prev = document.Root.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "prev-archive")?.Attribute("href")?.Value;
            name = prev is null ? null : Uri.UnescapeDataString(new Uri(prev).AbsolutePath) is var path && path.IndexOf("/feeds/", StringComparison.Ordinal) is var at and >= 0 ? path[(at + "/feeds/".Length)..] : null;
        }

        return (ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<(TimeSpan Elapsed, string Output, TimeSpan? Cpu)> RunCliAsync(string cli, IReadOnlyList<string> arguments, int[] okExitCodes, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var cpuBefore = ChildCpuTime.Now();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var errors = await stderr;
        clock.Stop();
        var cpu = ChildCpuTime.Now() - cpuBefore;
        if (!okExitCodes.Contains(process.ExitCode))
        {
            throw new InvalidOperationException($"syndication {string.Join(' ', arguments.Take(1))} exited with {process.ExitCode}\n{errors}\n{output[..Math.Min(output.Length, 2000)]}");
        }

        return (clock.Elapsed, output, cpu);
    }

    /// <summary>The CLI's own Release build output when this runs from the repository, else the copy beside us.</summary>
    private static string DefaultCli()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (FindRepositoryRoot() is { } repository && output.Parent is { } configuration)
        {
            var own = Path.Combine(repository, "src", "Syndication.Cli", "bin", configuration.Name, output.Name, "syndication.dll");
            if (File.Exists(own))
            {
                return own;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "syndication.dll");
    }

    /// <summary><c>../shared/benchmarks/extraction</c> beside the repository root or one of its parents.</summary>
    private static string? DefaultDataset()
    {
        for (var directory = FindRepositoryRoot() is { } root ? new DirectoryInfo(root).Parent : null; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "benchmarks", "extraction");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Syndication.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
