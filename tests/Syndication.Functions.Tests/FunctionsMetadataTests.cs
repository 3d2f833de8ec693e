using System.Text.Json;
using Syndication.Core.Queues;

namespace Syndication.Functions.Tests;

/// <summary>
/// What the Functions host will index, read from the <c>functions.metadata</c> the worker SDK generates at build.
/// Function names are part of the infrastructure contract (the Event Grid subscription targets ArticleUploaded).
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Functions = new(Load);

    [Fact]
    public void Metadata_ListsExactlyTheExpectedFunctions()
    {
        Assert.Equal(
            ["ArticlePage", "ArticleUploaded", "DeliveryWork", "Health", "Hub", "ListArticles", "ListDeliveries", "ListParked", "Operator", "PublicFeeds", "PublishWork", "Reconcile", "ReplayDelivery", "RetryParked", "RetryQuarantined", "WebSubWork"],
            Functions.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ArticleUploaded_IsEventGridBlobTriggerOnArticles()
    {
        var trigger = Trigger("ArticleUploaded", "blobTrigger");

        Assert.Equal("articles/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("Syndication.Functions.ArticleUploaded.Run", Functions.Value["ArticleUploaded"].GetProperty("entryPoint").GetString());
    }

    [Theory]
    [InlineData("PublishWork", QueueNames.Publish)]
    [InlineData("DeliveryWork", QueueNames.Deliveries)]
    [InlineData("WebSubWork", QueueNames.WebSub)]
    public void QueueFunctions_TriggerOnTheirQueue(string function, string queue)
    {
        var trigger = Trigger(function, "queueTrigger");

        Assert.Equal(queue, trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void Reconcile_IsTimerEveryFiveMinutes()
    {
        Assert.Equal("0 */5 * * * *", Trigger("Reconcile", "timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void Health_IsHttpGetWithFunctionKey()
    {
        var trigger = Trigger("Health", "httpTrigger");

        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("health", trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void HostJson_IsInTheBuildOutputWithQueueRetriesMatchingTheDrainer()
    {
        var path = Path.Combine(BuildOutput.FunctionsOutputFolder, "host.json");
        Assert.True(File.Exists(path), $"{path} is missing: host.json must be linked into the Functions build output");
        using var host = JsonDocument.Parse(File.ReadAllText(path));

        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(QueueDrainer.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void Hub_IsAnonymousHttpPostOnApiHub()
    {
        var trigger = Trigger("Hub", "httpTrigger");

        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("hub", trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Operator_IsHttpGetAndPostWithFunctionKey()
    {
        var trigger = Trigger("Operator", "httpTrigger");

        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("operator/{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal(["get", "post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("ListDeliveries", "get", "deliveries")]
    [InlineData("ReplayDelivery", "post", "deliveries/{id}/replay")]
    [InlineData("ListArticles", "get", "articles")]
    [InlineData("RetryQuarantined", "post", "quarantine/retry/{*name}")]
    [InlineData("ListParked", "get", "poison")]
    [InlineData("RetryParked", "post", "poison/{queue}/{id}/retry")]
    public void OperatorEndpoints_AreHttpWithFunctionKey(string function, string method, string route)
    {
        var trigger = Trigger(function, "httpTrigger");

        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("PublicFeeds", "feeds/{*path}", new[] { "get", "head" })]
    [InlineData("ArticlePage", "articles/{id}", new[] { "get" })]
    public void ReaderEndpoints_AreAnonymousAtTheLinksFeedsCarry(string function, string route, string[] methods)
    {
        var trigger = Trigger(function, "httpTrigger");

        // Feed readers and article links carry no key: {Feeds:BaseUrl}/feeds/… and {Feeds:ArticleBaseUrl}/articles/{id}
        // with the base https://<app>/api.
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    internal static JsonElement Trigger(string function, string type)
    {
        Assert.True(Functions.Value.TryGetValue(function, out var metadata), $"functions.metadata has no function '{function}'");
        var triggers = metadata.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type).ToList();
        Assert.True(triggers.Count == 1, $"'{function}' should have one {type} binding; it has {triggers.Count}");
        return triggers[0];
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(BuildOutput.FunctionsOutputFolder, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist; build src/Syndication.Functions first.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }
}
