using Microsoft.Extensions.Configuration;

namespace Syndication.Core.Delivery;

/// <summary>Partner secrets from configuration section <c>PartnerSecrets</c>: <c>PartnerSecrets:p1</c> for <c>"secretRef": "p1"</c>.</summary>
public sealed class ConfigurationPartnerSecrets(IConfiguration configuration) : IPartnerSecrets
{
    public const string SectionName = "PartnerSecrets";

    public string? Find(string reference)
    {
        var value = configuration.GetSection(SectionName)[reference];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
