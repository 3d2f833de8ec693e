namespace Syndication.Core.Delivery;

/// <summary>
/// Resolves a partner's <c>secretRef</c> to the secret. The default reads configuration key
/// <c>PartnerSecrets:&lt;ref&gt;</c> (environment <c>PartnerSecrets__&lt;ref&gt;</c>, or a Key Vault reference in the
/// Function App's settings); the Function App also looks in its Key Vault.
/// </summary>
public interface IPartnerSecrets
{
    /// <summary>The secret for <paramref name="reference"/>, or null when nothing holds it.</summary>
    string? Find(string reference);
}
