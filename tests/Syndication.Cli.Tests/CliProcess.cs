using System.Diagnostics;
using System.Text;

namespace Syndication.Cli.Tests;

/// <summary>Runs the real <c>syndication</c> program (the built assembly) as a child process.</summary>
public static class CliProcess
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "syndication.dll");

    public static string RepositoryRoot { get; } = FindRoot();

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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Syndication.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Syndication.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Exit code and output of one CLI run; its ToString is a readable failure message.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A temp folder removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "syndication-cli-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
