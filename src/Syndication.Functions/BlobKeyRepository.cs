using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Syndication.Core.Storage;

namespace Syndication.Functions;

/// <summary>
/// Keeps the ASP.NET Core data-protection key ring in the pipeline's own store (<c>config/data-protection/</c>), so
/// every Flex Consumption instance, and an instance started after a scale to zero, signs and checks the operator
/// page's anti-forgery tokens with the same keys (docs/decisions/0011-operator-keys-in-blob-storage.md).
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; the key ring is read once per key lifetime (90 days by default)
/// and cached by the key manager, so the blocking calls are rare. Keys are written create-only under their own
/// names: instances that create keys at the same time each keep theirs.
/// </remarks>
public sealed class BlobKeyRepository(IBlobStore store) : IXmlRepository
{
    public const string Prefix = "data-protection/";

    public IReadOnlyCollection<XElement> GetAllElements() => LoadAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = Prefix + (IsSafe(friendlyName) ? friendlyName : Guid.NewGuid().ToString("N")) + ".xml";
        var content = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        try
        {
            store.PutAsync(Containers.Config, name, content, new BlobWriteOptions { ContentType = "application/xml", CreateOnly = true }, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (BlobConflictException)
        {
            // The same key (same id) is already stored: nothing to add.
        }
    }

    private async Task<IReadOnlyCollection<XElement>> LoadAsync()
    {
        var elements = new List<XElement>();
        await foreach (var blob in store.ListAsync(Containers.Config, Prefix, CancellationToken.None))
        {
            if (await store.GetAsync(Containers.Config, blob.Name, CancellationToken.None) is { } record)
            {
                elements.Add(XElement.Parse(Encoding.UTF8.GetString(record.Content.Span)));
            }
        }

        return elements;
    }

    /// <summary>Friendly names are "key-{guid}"; anything else is replaced rather than trusted as a blob name.</summary>
    private static bool IsSafe(string friendlyName) =>
        !string.IsNullOrEmpty(friendlyName) && friendlyName.Length <= 100 && friendlyName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
