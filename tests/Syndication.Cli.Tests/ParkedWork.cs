using System.Text.Json;
using Syndication.Core.Entries;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;
using Syndication.Storage.FileSystem;

namespace Syndication.Cli.Tests;

/// <summary>
/// Puts a parked publish message into a data folder the way the pipeline leaves one: its ledger record counted past
/// <see cref="PoisonLedger.MaxRequeues"/> (by the ledger itself, so the reason is the real one), then the message in
/// <c>publish-poison</c>. Record first: a running host's reconcile then only ever sees it parked.
/// </summary>
internal static class ParkedWork
{
    public static async Task<(string Id, string Body)> ParkPublishMessageAsync(string data, string entryId)
    {
        var options = new FileSystemStorageOptions { Root = data };
        var ledger = new PoisonLedger(new FileSystemBlobStore(options, TimeProvider.System), TimeProvider.System);
        var body = JsonSerializer.Serialize(new PublishMessage(entryId, EntryChangeKind.Published, "v1"), StoredJson.Compact);
        ParkedMessage? counted = null;
        for (var i = 0; i <= PoisonLedger.MaxRequeues; i++)
        {
            counted = await ledger.CountAsync(QueueNames.Publish, body, CancellationToken.None);
        }

        Assert.True(counted!.IsParked, "the seeded message should be parked");
        using var queue = new FileSystemWorkQueue(options, TimeProvider.System);
        await queue.SendAsync(QueueDrainer.PoisonQueue(QueueNames.Publish), body, TimeSpan.Zero, CancellationToken.None);
        return (counted.Id, body);
    }
}
