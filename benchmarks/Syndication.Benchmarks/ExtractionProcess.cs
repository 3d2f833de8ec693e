using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Syndication.Benchmarks;

/// <summary>
/// One extractor run as a whole process (<c>dotnet X.dll … --list FILE</c>), timed by wall clock from start to exit:
/// runtime start-up, JIT, reading the files and writing JSON Lines are all part of what a user waits for.
/// </summary>
public sealed record ExtractionProcess(string Name, string Assembly, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Runs once; returns the elapsed and CPU time and, per page in list order, the extracted text ("" when it failed).</summary>
    public async Task<ExtractionProcessResult> RunAsync(IReadOnlyList<string> expectedSources, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        var cpuBefore = ChildCpuTime.Now();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Name}: could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var errors = await stderr;
        clock.Stop();

        // 2 = some inputs failed (reported per line); anything else means the run itself broke.
        if (process.ExitCode is not (0 or 2))
        {
            throw new InvalidOperationException($"{Name}: exit code {process.ExitCode}\n{errors}");
        }

        var cpu = ChildCpuTime.Now() - cpuBefore;
        return new ExtractionProcessResult(clock.Elapsed, cpu, Parse(output, expectedSources));
    }

    /// <summary>One JSON line per input, in input order; an error line counts as an empty prediction.</summary>
    private ExtractionProcessOutput Parse(string output, IReadOnlyList<string> expectedSources)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != expectedSources.Count)
        {
            throw new InvalidOperationException($"{Name}: {lines.Length} output lines for {expectedSources.Count} inputs");
        }

        var texts = new string[lines.Length];
        var failed = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            var source = line.RootElement.GetProperty("source").GetString();
            if (source != expectedSources[i])
            {
                throw new InvalidOperationException($"{Name}: line {i + 1} is for '{source}', expected '{expectedSources[i]}' (output out of input order)");
            }

            if (line.RootElement.TryGetProperty("error", out _))
            {
                failed++;
                texts[i] = "";
            }
            else
            {
                texts[i] = line.RootElement.GetProperty("text").GetString() ?? "";
            }
        }

        return new ExtractionProcessOutput(texts, failed);
    }
}

/// <summary>What one whole-process run produced: wall clock, CPU time (user + system, null where not measurable), output.</summary>
public sealed record ExtractionProcessResult(TimeSpan Elapsed, TimeSpan? Cpu, ExtractionProcessOutput Output);

/// <summary>Extracted text per page in input order, and how many pages failed.</summary>
public sealed record ExtractionProcessOutput(IReadOnlyList<string> Texts, int Failed);
