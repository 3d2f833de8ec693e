using Microsoft.Extensions.Options;
using Syndication.Core.Storage;

namespace Syndication.Core.Delivery;

/// <summary>
/// Loads <c>config/partners.json</c> from the blob store, re-reading it only when its ETag changes, and merges the
/// host's <see cref="AdditionalPartner"/>s. A missing file is an empty registry; an invalid one throws. Secret
/// references are resolved when the file is read: after rotating a referenced secret, restart the host (or touch
/// the file) so the new value is read.
/// </summary>
public sealed class PartnerRegistryProvider(IBlobStore store, IOptions<DeliveryOptions> options, IEnumerable<AdditionalPartner> additional, IPartnerSecrets secrets)
{
    public const string BlobName = "partners.json";

    private readonly Lock _gate = new();
    private (string ETag, PartnerRegistry Registry)? _cached;

    public async Task<PartnerRegistry> GetAsync(CancellationToken cancellationToken)
    {
        var properties = await store.GetPropertiesAsync(Containers.Config, BlobName, cancellationToken);
        PartnerRegistry registry;
        if (properties is null)
        {
            registry = PartnerRegistry.Empty;
        }
        else
        {
            lock (_gate)
            {
                registry = _cached is { } cached && cached.ETag == properties.ETag ? cached.Registry : null!;
            }

            if (registry is null)
            {
                var blob = await store.GetAsync(Containers.Config, BlobName, cancellationToken);
                registry = blob is null ? PartnerRegistry.Empty : PartnerRegistryParser.Parse(blob.Content, options.Value.RequireHttps, secrets);
                if (blob is not null)
                {
                    lock (_gate)
                    {
                        _cached = (blob.Properties.ETag, registry);
                    }
                }
            }
        }

        var extra = additional.Select(a => a.Partner).ToList();
        return extra.Count == 0
            ? registry
            : new PartnerRegistry([.. registry.Partners.Where(p => extra.All(e => e.Id != p.Id)), .. extra]);
    }
}
