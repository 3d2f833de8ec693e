using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Syndication.Core.Queues;
using Syndication.Core.Storage;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

/// <summary>The operator endpoints over Azurite: article status, quarantine retry, parked poison messages and their retry.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class OperatorApiTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FunctionHost _host;

    public OperatorApiTests(AzuriteFixture azurite) => _host = new FunctionHost(azurite);

    [Fact]
    public async Task RetryQuarantined_FixedUpload_PublishesAndArticleListShowsIt()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var name = $"fixed-later-{tag}.html";
        var title = $"Water tariffs to stay frozen until spring {tag}";
        var blob = await UploadAsync(name, []);
        await _host.Function<ArticleUploaded>().Run(blob, name, Ct);
        Assert.Equal("quarantined", await StateOfAsync(name));

        // The editor fixes the file; the event is lost, the operator retries by hand.
        await UploadAsync(name, Encoding.UTF8.GetBytes($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><article><h1>{title}</h1>
            <p>The regulator said household water tariffs would stay at their current level until the spring
            review, after consultations with the city councils and the main suppliers had ended without agreement.</p>
            <p>Suppliers had asked for an increase to pay for pipe replacement, which the regulator said would be
            considered again once the councils publish their investment plans.</p>
            </article></body></html>
            """));
        var retried = await DeliveryWorkTests.Json(await _host.Function<RetryQuarantined>().Run(DeliveryWorkTests.Request(""), name, Ct));

        Assert.Equal("published", retried.GetProperty("status").GetString());
        Assert.Equal("published", await StateOfAsync(name));
        Assert.Null(await _host.Get<Syndication.Core.Ingest.QuarantineStore>().GetAsync(name, Ct));
    }

    [Fact]
    public async Task RetryQuarantined_NoSuchUpload_Returns404()
    {
        var result = await _host.Function<RetryQuarantined>().Run(DeliveryWorkTests.Request(""), $"never-uploaded-{Guid.NewGuid():N}.html", Ct);

        Assert.Equal(404, Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(result).StatusCode);
    }

    [Fact]
    public async Task ListArticles_BadLimit_Returns400()
    {
        var result = await _host.Function<ListArticles>().Run(DeliveryWorkTests.Request("limit=all"), Ct);

        Assert.Equal(400, Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(result).StatusCode);
    }

    [Fact]
    public async Task ListParked_ParkedPublishMessage_ListedAndRetryRequeuesItOnce()
    {
        var body = System.Text.Json.JsonSerializer.Serialize(
            new Syndication.Core.Publishing.PublishMessage($"stuck-{Guid.NewGuid():N}", Syndication.Core.Entries.EntryChangeKind.Published, "v1"),
            Syndication.Core.Entries.StoredJson.Compact);
        var ledger = _host.Get<PoisonLedger>();
        for (var i = 0; i <= PoisonLedger.MaxRequeues; i++)
        {
            await ledger.CountAsync(QueueNames.Publish, body, Ct); // what the Reconcile timer's passes count
        }

        await _host.Get<IWorkQueue>().SendAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), body, TimeSpan.Zero, Ct);
        var id = PoisonLedger.IdOf(body);

        var listed = (await DeliveryWorkTests.Json(await _host.Function<ListParked>().Run(DeliveryWorkTests.Request(""), Ct)))
            .EnumerateArray().SingleOrDefault(p => p.GetProperty("id").GetString() == id);
        Assert.True(listed.ValueKind == System.Text.Json.JsonValueKind.Object, $"GET /api/poison does not list {id}");
        Assert.Equal("publish", listed.GetProperty("queue").GetString());
        Assert.Equal(body, listed.GetProperty("message").GetString());
        Assert.Equal(PoisonLedger.MaxRequeues, listed.GetProperty("requeues").GetInt32());
        Assert.Contains("publish-poison", listed.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var retried = await DeliveryWorkTests.Json(await _host.Function<RetryParked>().Run(DeliveryWorkTests.Request(""), QueueNames.Publish, id, Ct));

        Assert.Equal("requeued", retried.GetProperty("outcome").GetString());
        Assert.Equal(1, (await ledger.GetAsync(QueueNames.Publish, id, Ct))?.Requeues); // counted afresh by the requeue
        Assert.DoesNotContain(await ledger.ListParkedAsync(Ct), p => p.Id == id);
        var again = await _host.Function<RetryParked>().Run(DeliveryWorkTests.Request(""), QueueNames.Publish, id, Ct);
        Assert.Equal(404, Assert.IsType<Microsoft.AspNetCore.Mvc.ObjectResult>(again).StatusCode);
    }

    private async Task<string?> StateOfAsync(string name)
    {
        var list = await DeliveryWorkTests.Json(await _host.Function<ListArticles>().Run(DeliveryWorkTests.Request("limit=1000"), Ct));
        var row = list.EnumerateArray().SingleOrDefault(a => a.GetProperty("article").GetString() == name);
        Assert.True(row.ValueKind == System.Text.Json.JsonValueKind.Object, $"GET /api/articles does not list {name}");
        return row.GetProperty("state").GetString();
    }

    private async Task<BlobClient> UploadAsync(string name, byte[] content)
    {
        var container = _host.Get<BlobServiceClient>().GetBlobContainerClient(Containers.Articles);
        await container.CreateIfNotExistsAsync(cancellationToken: Ct);
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, Ct);
        return blob;
    }

    public void Dispose() => _host.Dispose();
}
