using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Syndication.Core.Delivery;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Delivery;
using Syndication.Testing;
using TimerInfo = Microsoft.Azure.Functions.Worker.TimerInfo;

namespace Syndication.Functions.Tests;

/// <summary>An upload reaches a subscribed partner through ArticleUploaded and DeliveryWork, as in Azure.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DeliveryWorkTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FunctionHost _host;
    private readonly LoopbackPartner _partner = new();
    private readonly string _secret = WebhookSecret.Generate();

    public DeliveryWorkTests(AzuriteFixture azurite) => _host = new FunctionHost(azurite);

    [Fact]
    public async Task DeliveryWork_AfterUpload_PartnerReceivesOneSignedArticlePublished()
    {
        await WriteRegistryAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = $"grain-exports-{tag}.html";
        var title = $"Grain exports rise along the new corridor {tag}";
        var blob = await UploadAsync(name, title);

        await _host.Function<ArticleUploaded>().Run(blob, name, Ct);
        await RunDeliveryWorkAsync();

        var ours = _partner.Received.Where(r => r.Body.Contains(tag, StringComparison.Ordinal)).ToList();
        var request = Assert.Single(ours);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Null(WebhookSigner.Verify(_secret, request.Id, request.Timestamp, request.Signature, request.Body, DateTimeOffset.UtcNow));
        var payload = JsonNode.Parse(request.Body)!;
        Assert.Equal("article.published", (string?)payload["type"]);
        Assert.Equal(title, (string?)payload["data"]?["title"]);
    }

    [Fact]
    public async Task ReplayDelivery_DeliveredWebhook_ListedThenSentAgainWithSameWebhookId()
    {
        await WriteRegistryAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = $"replayed-{tag}.html";
        await _host.Function<ArticleUploaded>().Run(await UploadAsync(name, $"Replayed report {tag}"), name, Ct);
        await RunDeliveryWorkAsync();
        var first = Assert.Single(_partner.Received, r => r.Body.Contains(tag, StringComparison.Ordinal));

        var listed = await Json(await _host.Function<ListDeliveries>().Run(Request("status=delivered&partner=loopback-partner"), Ct));
        var entryId = Syndication.Core.Entries.EntryIds.FromArticleName(name);
        var id = listed.EnumerateArray().Single(d => d.GetProperty("entryId").GetString() == entryId).GetProperty("id").GetString();
        var replay = await _host.Function<ReplayDelivery>().Run(Request(""), id!, Ct);
        await RunDeliveryWorkAsync();

        Assert.Equal("queued", (await Json(replay)).GetProperty("outcome").GetString());
        var sent = _partner.Received.Where(r => r.Body.Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(first.Id, sent[1].Id);
    }

    [Fact]
    public async Task Reconcile_DeliveryMessageMovedToPoisonByRuntime_DeadLetterListedAsDeadThenReplayable()
    {
        await WriteRegistryAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = $"poisoned-{tag}.html";
        await _host.Function<ArticleUploaded>().Run(await UploadAsync(name, $"Poisoned delivery {tag}"), name, Ct);

        // What the queue trigger does after maxDequeueCount failed invocations: the body moves to deliveries-poison.
        var queue = _host.Get<QueueServiceClient>().GetQueueClient(QueueNames.Deliveries);
        var poison = _host.Get<QueueServiceClient>().GetQueueClient(QueueDrainer.PoisonQueue(QueueNames.Deliveries));
        await poison.CreateIfNotExistsAsync(cancellationToken: Ct);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), Ct)).Value)
        {
            await poison.SendMessageAsync(message.Body, cancellationToken: Ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
        }

        await _host.Function<Reconcile>().Run(new TimerInfo(), Ct);

        var entryId = Syndication.Core.Entries.EntryIds.FromArticleName(name);
        var dead = await Json(await _host.Function<ListDeliveries>().Run(Request("status=dead&partner=loopback-partner"), Ct));
        var id = dead.EnumerateArray().Single(d => d.GetProperty("entryId").GetString() == entryId).GetProperty("id").GetString()!;
        var record = (await _host.Get<DeliveryAdmin>().GetDeliveryAsync(id, Ct))!;
        Assert.Equal(DeliveryStatus.Dead, record.Status);
        Assert.Contains("deliveries-poison", record.Note, StringComparison.Ordinal);
        Assert.NotNull(await _host.Get<IBlobStore>().GetAsync(Containers.Deliveries, $"{DeliveryStore.DeadPrefix}{id}.json", Ct));
        Assert.Equal(0, (await poison.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(_partner.Received, r => r.Body.Contains(tag, StringComparison.Ordinal));

        await _host.Function<ReplayDelivery>().Run(Request(""), id, Ct);
        await RunDeliveryWorkAsync();

        Assert.Single(_partner.Received, r => r.Body.Contains(tag, StringComparison.Ordinal));
        Assert.Equal(DeliveryStatus.Delivered, (await _host.Get<DeliveryAdmin>().GetDeliveryAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Reconcile_PublishMessageInPoisonQueue_RequeuedForPublishWork()
    {
        var body = JsonSerializer.Serialize(new Syndication.Core.Publishing.PublishMessage("poisoned-" + Guid.NewGuid().ToString("N")[..8], Syndication.Core.Entries.EntryChangeKind.Published, "v1"), Syndication.Core.Entries.StoredJson.Compact);
        var work = _host.Get<IWorkQueue>();
        await work.SendAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), body, TimeSpan.Zero, Ct);

        await _host.Function<Reconcile>().Run(new TimerInfo(), Ct);

        // Other tests' publish work may sit in the same queue: look through it, hiding each message only briefly.
        var found = false;
        for (var round = 0; round < 50 && !found; round++)
        {
            var batch = await work.ReceiveAsync(QueueNames.Publish, 32, TimeSpan.FromSeconds(2), Ct);
            found = batch.Any(m => m.Body == body);
            if (batch.Count == 0)
            {
                break;
            }
        }

        Assert.True(found, "the poisoned publish message was not put back on the publish queue");
        Assert.Equal(0, await work.CountAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), Ct));
    }

    [Fact]
    public async Task ReplayDelivery_UnknownId_Returns404()
    {
        var result = await _host.Function<ReplayDelivery>().Run(Request(""), "no-such-delivery", Ct);

        Assert.Equal(404, Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(result).StatusCode);
    }

    [Fact]
    public async Task ListDeliveries_UnknownStatus_Returns400NamingTheValues()
    {
        var result = Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(await _host.Function<ListDeliveries>().Run(Request("status=lost"), Ct));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("delivered", JsonSerializer.Serialize(result.Value), StringComparison.Ordinal);
    }

    internal static Microsoft.AspNetCore.Http.HttpRequest Request(string query)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query.Length == 0 ? "" : "?" + query);
        return context.Request;
    }

    internal static Task<JsonElement> Json(Microsoft.AspNetCore.Mvc.IActionResult result)
    {
        var json = Assert.IsType<Microsoft.AspNetCore.Mvc.JsonResult>(result);
        return Task.FromResult(JsonSerializer.SerializeToElement(json.Value, json.SerializerSettings as JsonSerializerOptions));
    }

    /// <summary>Feeds the deliveries queue to DeliveryWork as the runtime does: receive, invoke, delete on success.</summary>
    private async Task RunDeliveryWorkAsync()
    {
        var queue = _host.Get<QueueServiceClient>().GetQueueClient(QueueNames.Deliveries);
        var function = _host.Function<DeliveryWork>();
        for (var round = 0; round < 20; round++)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), Ct)).Value;
            if (messages.Length == 0)
            {
                return;
            }

            foreach (var message in messages)
            {
                await function.Run(message, Ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }
    }

    private Task WriteRegistryAsync()
    {
        var registry = new JsonObject
        {
            ["partners"] = new JsonArray(new JsonObject
            {
                ["id"] = "loopback-partner",
                ["name"] = "Loopback partner",
                ["url"] = _partner.Url.ToString(),
                ["secret"] = _secret,
                ["languages"] = new JsonArray(),
                ["tags"] = new JsonArray(),
                ["events"] = new JsonArray("article.published", "article.updated", "article.deleted"),
                ["summaryMaxChars"] = 600,
                ["enabled"] = true,
            }),
        };
        return _host.Get<IBlobStore>().PutAsync(Containers.Config, PartnerRegistryProvider.BlobName, Encoding.UTF8.GetBytes(registry.ToJsonString()),
            new BlobWriteOptions { ContentType = "application/json" }, Ct);
    }

    private async Task<Azure.Storage.Blobs.BlobClient> UploadAsync(string name, string title)
    {
        var container = _host.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(Containers.Articles);
        await container.CreateIfNotExistsAsync(cancellationToken: Ct);
        var blob = container.GetBlobClient(name);
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><article><h1>{title}</h1>
            <p>Grain exports along the new rail corridor rose by a third in the first month after it opened, the
            ministry said on Tuesday, as traders moved shipments away from the longer southern route.</p>
            <p>Exporters said the shorter journey lowered their costs and let them sign contracts with buyers they
            could not reach before, though capacity at the border crossing remains a constraint.</p>
            </article></body></html>
            """;
        await blob.UploadAsync(BinaryData.FromString(html), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, Ct);
        return blob;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Other tests share this Azurite: leave no partner subscribed to their uploads.
        await _host.Get<IBlobStore>().DeleteAsync(Containers.Config, PartnerRegistryProvider.BlobName, null, Ct);
        _host.Dispose();
        _partner.Dispose();
    }
}
