using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Syndication.Core.Storage;
using CoreBlobProperties = Syndication.Core.Storage.BlobProperties;

namespace Syndication.Storage.Azure;

/// <summary>
/// The blob-store port on Azure Blob Storage. Containers are created on first write, so a fresh account (or
/// Azurite) needs no set-up; in Azure, Bicep creates them with their access levels.
/// </summary>
public sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    public async Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var result = (await blob.DownloadContentAsync(cancellationToken)).Value;
            var details = result.Details;
            var properties = new CoreBlobProperties(container, name, Quoted(details.ETag), details.LastModified, result.Content.ToMemory().Length,
                details.ContentType, details.CacheControl, Copy(details.Metadata));
            return new BlobRecord(properties, result.Content.ToMemory());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            // Streaming: the length is known from the response headers before any of the body is read.
            using var result = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            var details = result.Details;
            if (details.ContentLength > maxBytes)
            {
                throw new BlobTooLargeException(details.ContentLength, maxBytes);
            }

            var content = new byte[details.ContentLength];
            await result.Content.ReadExactlyAsync(content, cancellationToken);
            var properties = new CoreBlobProperties(container, name, Quoted(details.ETag), details.LastModified, content.Length,
                details.ContentType, details.CacheControl, Copy(details.Metadata));
            return new BlobRecord(properties, content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async Task<CoreBlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var p = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new CoreBlobProperties(container, name, Quoted(p.ETag), p.LastModified, p.ContentLength, p.ContentType, p.CacheControl, Copy(p.Metadata));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        options ??= new BlobWriteOptions();
        var containerClient = service.GetBlobContainerClient(container);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = options.ContentType, CacheControl = options.CacheControl },
            Metadata = options.Metadata is null ? null : new Dictionary<string, string>(options.Metadata, StringComparer.OrdinalIgnoreCase),
            Conditions = Conditions(options.IfMatch, options.CreateOnly),
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await containerClient.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), upload, cancellationToken);
                return Quoted(response.Value.ETag);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.ContainerNotFound && attempt == 1)
            {
                await containerClient.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new BlobConflictException(options.CreateOnly
                    ? $"{container}/{name} already exists."
                    : $"{container}/{name} changed since it was read (ETag {options.IfMatch} is stale).", ex);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && options.IfMatch is not null)
            {
                // If-Match on a blob that is gone: the caller's view is stale, as with a changed blob.
                throw new BlobConflictException($"{container}/{name} no longer exists (ETag {options.IfMatch} is stale).", ex);
            }
            catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
            {
                throw StorageErrors.Unavailable(service.Uri, ex);
            }
        }
    }

    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            return (await service.GetBlobContainerClient(container).ExistsAsync(cancellationToken)).Value;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    public async IAsyncEnumerable<CoreBlobProperties> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var containerClient = service.GetBlobContainerClient(container);
        var pages = containerClient.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    yield break; // no container yet: nothing was ever written there
                }
                catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
                {
                    throw StorageErrors.Unavailable(service.Uri, ex);
                }

                // The service lists in UTF-8 byte order; ordinal UTF-16 order differs only above the BMP, so sort each page to keep the port's promise.
                foreach (var item in page.Values.OrderBy(i => i.Name, StringComparer.Ordinal))
                {
                    var p = item.Properties;
                    yield return new CoreBlobProperties(container, item.Name, p.ETag is { } etag ? Quoted(etag) : "", p.LastModified ?? DateTimeOffset.MinValue,
                        p.ContentLength ?? 0, p.ContentType, p.CacheControl, Copy(item.Metadata));
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    public async Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var response = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, Conditions(ifMatch, createOnly: false), cancellationToken);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new BlobConflictException($"{container}/{name} changed since it was read.", ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (Exception ex) when (StorageErrors.IsUnreachable(ex))
        {
            throw StorageErrors.Unavailable(service.Uri, ex);
        }
    }

    private static BlobRequestConditions? Conditions(string? ifMatch, bool createOnly) =>
        ifMatch is null && !createOnly
            ? null
            : new BlobRequestConditions
            {
                IfMatch = ifMatch is null ? null : new ETag(ifMatch),
                IfNoneMatch = createOnly ? ETag.All : null,
            };

    /// <summary>The service quotes ETags in headers but not in listings; the port always gives the quoted form.</summary>
    private static string Quoted(ETag etag)
    {
        var value = etag.ToString();
        return value.StartsWith('"') ? value : $"\"{value}\"";
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? metadata) =>
        metadata is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
}
