using System.Text;
using Microsoft.Extensions.Configuration;
using Syndication.Core.Delivery;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>Partners that carry <c>secretRef</c> instead of the secret, resolved from configuration <c>PartnerSecrets:*</c>.</summary>
public class PartnerSecretRefTests
{
    private const string Current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Old = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static ConfigurationPartnerSecrets Secrets(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("PartnerSecrets:" + v.Key, v.Value))).Build());

    private static PartnerRegistry Parse(string fields, IPartnerSecrets? secrets) =>
        PartnerRegistryParser.Parse(Encoding.UTF8.GetBytes($$"""{ "partners": [ { "id": "p1", "url": "https://partner.example/hooks"{{fields}} } ] }"""), true, secrets);

    [Fact]
    public void Parse_SecretRefAndPreviousRef_ResolvedFromConfiguration()
    {
        var registry = Parse(""", "secretRef": "p1", "previousSecrets": [ { "secretRef": "p1-2024" }, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" ]""", Secrets(("p1", Current), ("p1-2024", Old)));

        var partner = Assert.Single(registry.Partners);
        Assert.Equal([Current, Old, Current], partner.SigningSecrets);
    }

    [Fact]
    public void Parse_MissingReference_ErrorNamesPartnerAndKeyButNoSecret()
    {
        var error = Assert.Throws<PartnerRegistryException>(() => Parse(""", "secretRef": "p1", "previousSecrets": [ { "secretRef": "gone" } ]""", Secrets(("other", Current))));

        Assert.Contains(error.Errors, e => e.StartsWith("partner 'p1': field 'secretRef'", StringComparison.Ordinal) && e.Contains("PartnerSecrets__p1", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("partner 'p1': field 'previousSecrets[0]'", StringComparison.Ordinal) && e.Contains("PartnerSecrets:gone", StringComparison.Ordinal));
        Assert.DoesNotContain(Current, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secretRef": "p1" """, "cannot stand beside 'secret'")]
    [InlineData(""", "secretRef": "../p1" """, "letters, digits")]
    [InlineData(""", "secretRef": "short" """, "names a secret that")]
    [InlineData(""", "secretRef": "p1", "previousSecrets": [ { "ref": "p1" } ] """, "previousSecrets[0]")]
    public void Parse_BadReference_ClearError(string fields, string expected)
    {
        var error = Assert.Throws<PartnerRegistryException>(() => Parse(fields, Secrets(("p1", Current), ("short", "whsec_c2hvcnQ="))));

        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_PartnerWithSecretRefFromEnvironmentStyleKey_SignedWithReferencedSecret()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = new DeliveryHarness(new Dictionary<string, string?> { ["PartnerSecrets:p1"] = partner.Secret });
        await harness.Store.PutAsync(Core.Storage.Containers.Config, PartnerRegistryProvider.BlobName, Encoding.UTF8.GetBytes($$"""
            { "partners": [ { "id": "p1", "url": "{{partner.Url}}", "secretRef": "p1" } ] }
            """), null, CancellationToken.None);

        await harness.AnnounceAsync(DeliveryHarness.Article("a1"));
        await harness.SettleAsync(TimeSpan.FromSeconds(30));

        var received = Assert.Single(partner.Received);
        Assert.Null(received.SignatureProblem);
        Assert.Equal(200, received.AnsweredStatus);
    }
}
