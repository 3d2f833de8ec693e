using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    internal static readonly Lazy<Task<BicepRun>> Build = new(() => RunAsync("build", MainBicep, "--stdout"));

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
    public async Task ArticleEventsOutputs_NameTheEventGridBlobTriggerFunctionAndItsContainer()
    {
        using var template = JsonDocument.Parse((await Build.Value).Output);

        var functionName = OutputValue(template.RootElement, "ARTICLE_EVENTS_FUNCTION");
        var subjectPrefix = OutputValue(template.RootElement, "ARTICLE_EVENTS_SUBJECT_PREFIX");

        var trigger = FunctionsMetadataTests.Trigger(functionName, "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        var container = trigger.GetProperty("path").GetString()!.Split('/')[0];
        Assert.Equal(Containers.Articles, container);
        Assert.Equal($"/blobServices/default/containers/{container}/", subjectPrefix);
        Assert.Equal("Microsoft.Storage.BlobCreated", OutputValue(template.RootElement, "ARTICLE_EVENTS_TYPE"));
    }

    [Fact]
    public async Task Template_HasNoEventGridSubscription_TheHookMakesIt()
    {
        var compiled = (await Build.Value).Output;

        Assert.DoesNotContain("Microsoft.EventGrid/systemTopics/eventSubscriptions", compiled, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", compiled, StringComparison.Ordinal);
        Assert.Contains("Microsoft.EventGrid/systemTopics", compiled, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public-feeds.bicepparam", true)]
    [InlineData("private-feeds.bicepparam", false)]
    public async Task BuildParams_PublicOrPrivateFeeds_ChoosesBlobAccessAndFeedsUrl(string parameterFile, bool publicFeeds)
    {
        var run = await RunAsync("build-params", RepositoryPaths.Combine("infra", parameterFile), "--stdout");
        Assert.True(run.ExitCode == 0 && run.Error.Length == 0, $"bicep build-params {parameterFile} exited {run.ExitCode}:\n{run.Error}");
        var lint = await RunAsync("lint", RepositoryPaths.Combine("infra", parameterFile));
        Assert.True(lint.ExitCode == 0 && lint.Output.Trim().Length == 0 && lint.Error.Trim().Length == 0, $"bicep lint {parameterFile}:\n{lint.Output}\n{lint.Error}");

        using var built = JsonDocument.Parse(run.Output);
        using var parameters = JsonDocument.Parse(built.RootElement.GetProperty("parametersJson").GetString()!);
        using var template = JsonDocument.Parse(built.RootElement.GetProperty("templateJson").GetString()!);
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.Equal(publicFeeds, values.GetProperty("publicFeeds").GetProperty("value").GetBoolean());

        var storage = Deployment(template.RootElement, "storage").GetProperty("properties").GetProperty("template").GetProperty("resources").EnumerateArray().ToList();
        var account = storage.Single(r => r.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts");
        var feeds = storage.Single(r => r.GetProperty("name").GetString()!.Contains("'feeds'", StringComparison.Ordinal));
        Assert.Equal(publicFeeds ? "true" : "false", Choose(account.GetProperty("properties").GetProperty("allowBlobPublicAccess").GetString()!, publicFeeds));
        Assert.Equal(publicFeeds ? "'Blob'" : "'None'", Choose(feeds.GetProperty("properties").GetProperty("publicAccess").GetString()!, publicFeeds));
        var feedsUrl = Choose(template.RootElement.GetProperty("outputs").GetProperty("FEEDS_URL").GetProperty("value").GetString()!, publicFeeds);
        Assert.Contains(publicFeeds ? "outputs.feedsUrl" : "/api/feeds/", feedsUrl, StringComparison.Ordinal);
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

    /// <summary>
    /// The value of an output the template fixes at build time: a literal, <c>[variables('x')]</c>, or
    /// <c>[format('…{0}…', variables('x'))]</c> (the only shapes the article-events outputs take).
    /// </summary>
    internal static string OutputValue(JsonElement template, string output)
    {
        var value = template.GetProperty("outputs").GetProperty(output).GetProperty("value").GetString()!;
        string Variable(string name) => template.GetProperty("variables").GetProperty(name).GetString()!;
        var variable = Regex.Match(value, @"^\[variables\('(?<name>[^']+)'\)\]$");
        if (variable.Success)
        {
            return Variable(variable.Groups["name"].Value);
        }

        var format = Regex.Match(value, @"^\[format\('(?<format>[^']*)', variables\('(?<name>[^']+)'\)\)\]$");
        if (format.Success)
        {
            return format.Groups["format"].Value.Replace("{0}", Variable(format.Groups["name"].Value), StringComparison.Ordinal);
        }

        Assert.False(value.StartsWith('['), $"Output {output} is an expression this test cannot resolve: {value}");
        return value;
    }

    /// <summary>
    /// Resolves <c>[parameters('publicFeeds')]</c> or a top-level <c>[if(parameters('publicFeeds'), a, b)]</c> to the
    /// text of the branch taken.
    /// </summary>
    private static string Choose(string expression, bool publicFeeds)
    {
        if (expression == "[parameters('publicFeeds')]")
        {
            return publicFeeds ? "true" : "false";
        }

        const string prefix = "[if(parameters('publicFeeds'), ";
        Assert.True(expression.StartsWith(prefix, StringComparison.Ordinal) && expression.EndsWith(")]", StringComparison.Ordinal), $"Not chosen by publicFeeds: {expression}");
        var body = expression[prefix.Length..^2];
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            switch (body[i])
            {
                case '\'': quoted = !quoted; break;
                case '(' when !quoted: depth++; break;
                case ')' when !quoted: depth--; break;
                case ',' when !quoted && depth == 0:
                    return publicFeeds ? body[..i].Trim() : body[(i + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"No two branches in {expression}");
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

    internal sealed record BicepRun(int ExitCode, string Output, string Error);
}
