using Syndication.Testing;
using System.Diagnostics;
using System.Text;

namespace Syndication.Cli.Tests;

/// <summary>Runs the real <c>syndication</c> program (the built assembly) as a child process.</summary>
public static class CliProcess
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "syndication.dll");

    public static string RepositoryRoot => RepositoryPaths.Root;

    public static string SamplesFolder => Path.Combine(RepositoryRoot, "samples");

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, workingDirectory, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"syndication {string.Join(' ', args)} did not finish in time.\nstdout: {await stdout}\nstderr: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Wide, colourless output so assertions see whole lines.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "240";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}

/// <summary>Exit code and output of one CLI run; its ToString is a readable failure message.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
