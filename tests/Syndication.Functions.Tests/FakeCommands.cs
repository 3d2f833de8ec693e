using System.Diagnostics;
using System.Text;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>
/// Runs a script of <c>infra/hooks</c> (a <c>.sh</c> with bash, a <c>.ps1</c> with the repository's local PowerShell
/// tool, <c>dotnet tool run pwsh</c>), with stand-ins for <c>az</c>, <c>azd</c> and <c>curl</c> first on
/// PATH. Each stand-in records its arguments (one call per line, arguments separated by a unit separator) and answers
/// from a queue of scripted replies for the first argument words that match.
/// </summary>
internal sealed class FakeCommands : IDisposable
{
    private const char Separator = '\u001f';
    private readonly TempFolder _folder = new("syndication-hooks");
    private readonly Dictionary<string, List<(string Prefix, int Exit, string Stdout, string Stderr)>> _replies = new(StringComparer.Ordinal);

    /// <summary>The next call of <paramref name="command"/> whose arguments start with <paramref name="prefix"/> answers this.</summary>
    public FakeCommands Reply(string command, string prefix, int exit, string stdout = "", string stderr = "")
    {
        if (!_replies.TryGetValue(command, out var list))
        {
            _replies[command] = list = [];
        }

        list.Add((prefix, exit, stdout, stderr));
        return this;
    }

    /// <summary>Every call of <paramref name="command"/>, each as its argument list.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Calls(string command)
    {
        var log = _folder.File(command + ".calls");
        return File.Exists(log)
            ? [.. File.ReadAllLines(log).Select(line => (IReadOnlyList<string>)line.TrimEnd(Separator).Split(Separator))]
            : [];
    }

    public async Task<ScriptRun> RunAsync(string script, IDictionary<string, string> environment, params string[] arguments)
    {
        var bin = Directory.CreateDirectory(_folder.File("bin")).FullName;
        foreach (var command in new[] { "az", "azd", "curl" })
        {
            WriteStandIn(bin, command);
        }

        var powerShell = script.EndsWith(".ps1", StringComparison.Ordinal);
        var start = new ProcessStartInfo(powerShell ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        if (powerShell)
        {
            // .config/dotnet-tools.json pins PowerShell; scripts/test.sh runs `dotnet tool restore`.
            foreach (var argument in new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(RepositoryPaths.Combine("infra", "hooks", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new ScriptRun(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>A bash stand-in: logs its arguments, then answers with the first unused reply whose prefix matches.</summary>
    private void WriteStandIn(string bin, string command)
    {
        var script = new StringBuilder();
        script.Append("#!/usr/bin/env bash\n");
        script.Append($"for a in \"$@\"; do printf '%s\\x1f' \"$a\"; done >> '{_folder.File(command + ".calls")}'\n");
        script.Append($"printf '\\n' >> '{_folder.File(command + ".calls")}'\n");
        script.Append("args=\"$*\"\n");
        var replies = _replies.GetValueOrDefault(command) ?? [];
        for (var i = 0; i < replies.Count; i++)
        {
            var (prefix, exit, stdout, stderr) = replies[i];
            var used = _folder.File($"{command}.reply{i}");
            script.Append($"if [[ \"$args\" == {Quote(prefix)}* ]] && [ ! -e '{used}' ]; then touch '{used}'; ");
            script.Append($"printf '%s' {Quote(stdout)}; printf '%s' {Quote(stderr)} >&2; exit {exit}; fi\n");
        }

        script.Append("exit 0\n");
        var path = Path.Combine(bin, command);
        File.WriteAllText(path, script.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>Exit code and output of a script; its ToString is a readable failure message.</summary>
internal sealed record ScriptRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
