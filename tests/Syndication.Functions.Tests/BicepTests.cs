using System.Diagnostics;
using System.Text.Json;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>
/// <c>infra/main.bicep</c> builds and lints with no diagnostics (bicepconfig.json makes linter warnings errors),
/// using the Bicep CLI restored from NuGet, and the compiled template agrees with the code it deploys.
/// </summary>
public sealed class BicepTests
{
    private static readonly Lazy<Task<BicepRun>> Build = new(() => RunAsync("build", MainBicep, "--stdout"));

    private static string MainBicep => RepositoryPaths.Combine("infra", "main.bicep");

    [Fact]
    public async Task Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        var run = await Build.Value;

        Assert.True(run.ExitCode == 0 && run.Error.Length == 0, $"bicep build {MainBicep} exited {run.ExitCode}:\n{run.Error}");
        using var template = JsonDocument.Parse(run.Output);
        Assert.True(template.RootElement.TryGetProperty("resources", out _), "The compiled template has no resources");
    }

    [Fact]
    public async Task Lint_MainBicep_ReportsNothing()
    {
        var run = await RunAsync("lint", MainBicep);

        Assert.True(run.ExitCode == 0 && run.Output.Trim().Length == 0 && run.Error.Trim().Length == 0,
            $"bicep lint {MainBicep} exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
    }

    [Fact]
    public async Task EventGridSubscription_TargetsTheEventGridBlobTriggerFunction()
    {
        using var template = JsonDocument.Parse((await Build.Value).Output);

        var functionName = ParameterValue(template.RootElement, "eventgrid", "functionName");

        var trigger = FunctionsMetadataTests.Trigger(functionName, "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.StartsWith(Containers.Articles + "/", trigger.GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_DeclaresEveryContainerAndQueueOfTheCode()
    {
        var template = (await Build.Value).Output;
        using var document = JsonDocument.Parse(template);
        var storage = Deployment(document.RootElement, "storage").GetProperty("properties").GetProperty("template");
        var parameters = storage.GetProperty("parameters");

        var containers = parameters.GetProperty("containers").GetProperty("defaultValue").EnumerateArray().Select(c => c.GetString()).Append("feeds").ToHashSet();
        var queues = parameters.GetProperty("queues").GetProperty("defaultValue").EnumerateArray().Select(q => q.GetString()).ToHashSet();

        Assert.Empty(Containers.All.Except(containers!));
        Assert.Empty(QueueNames.All.Except(queues!));
    }

    private static string ParameterValue(JsonElement template, string deployment, string parameter)
    {
        var value = Deployment(template, deployment).GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString()!;
        // A "[variables('x')]" expression: resolve it from the main template's variables.
        const string prefix = "[variables('";
        return value.StartsWith(prefix, StringComparison.Ordinal)
            ? template.GetProperty("variables").GetProperty(value[prefix.Length..^3]).GetString()!
            : value;
    }

    private static JsonElement Deployment(JsonElement template, string name)
    {
        var resources = template.GetProperty("resources");
        var all = resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) : resources.EnumerateArray();
        return all.Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);
    }

    private static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var bicep = Path.Combine(BuildOutput.BicepPackageFolder, "tools", OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
        if (!File.Exists(bicep))
        {
            throw new InvalidOperationException($"The Bicep CLI is missing at {bicep}; restore tests/Syndication.Functions.Tests (package Azure.Bicep.CommandLine.linux-x64).");
        }

        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
        {
            // NuGet does not keep the executable bit on every extraction.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Combine("infra"),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{bicep} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new BicepRun(process.ExitCode, await output, await error);
    }

    private sealed record BicepRun(int ExitCode, string Output, string Error);
}
