using System.Text.Json;

namespace Syndication.Core.Storage;

/// <summary>JSON and retry helpers over <see cref="IBlobStore"/>.</summary>
public static class BlobStoreExtensions
{
    public static async Task<(T Value, string ETag)?> GetJsonAsync<T>(this IBlobStore store, string container, string name, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(container, name, cancellationToken);
        if (blob is null)
        {
            return null;
        }

        var value = JsonSerializer.Deserialize<T>(blob.Content.Span, options)
            ?? throw new InvalidDataException($"{container}/{name} holds JSON null.");
        return (value, blob.Properties.ETag);
    }

    public static Task<string> PutJsonAsync<T>(this IBlobStore store, string container, string name, T value, JsonSerializerOptions options, string? ifMatch, bool createOnly, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, options);
        return store.PutAsync(container, name, bytes, new BlobWriteOptions
        {
            ContentType = "application/json; charset=utf-8",
            IfMatch = ifMatch,
            CreateOnly = createOnly,
        }, cancellationToken);
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency: reads the blob, lets <paramref name="update"/> compute the
    /// new content (null = leave as is) and writes it with If-Match (or create-only), retrying on conflict.
    /// </summary>
    public static async Task<bool> UpdateAsync(this IBlobStore store, string container, string name, Func<BlobRecord?, BlobContent?> update, CancellationToken cancellationToken, int maxAttempts = 50)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(container, name, cancellationToken);
            var next = update(current);
            if (next is null)
            {
                return false;
            }

            try
            {
                await store.PutAsync(container, name, next.Content, next.Options with
                {
                    IfMatch = current?.Properties.ETag,
                    CreateOnly = current is null,
                }, cancellationToken);
                return true;
            }
            catch (BlobConflictException) when (attempt < maxAttempts)
            {
                // Someone else wrote in between; read again and re-apply.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken);
            }
        }
    }
}

/// <summary>New content for a blob with its write options.</summary>
public sealed record BlobContent(ReadOnlyMemory<byte> Content, BlobWriteOptions Options);
