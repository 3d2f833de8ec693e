using System.Text;
using Syndication.Core.Delivery;

namespace Syndication.Core.Tests;

public class PartnerRegistryParserTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static PartnerRegistry Parse(string json, bool requireHttps = true) =>
        PartnerRegistryParser.Parse(Encoding.UTF8.GetBytes(json), requireHttps);

    private static string One(string fields) =>
        $$"""{ "partners": [ { "id": "eurasian-policy", "url": "https://partner.example/hooks/articles", "secret": "{{Secret}}"{{fields}} } ] }""";

    [Fact]
    public void Parse_ArchitectureExample_ReadsEveryField()
    {
        var registry = Parse($$"""
            { "partners": [ { "id": "eurasian-policy", "name": "Institute for Eurasian Policy Research",
                "url": "https://partner.example/hooks/articles", "secret": "{{Secret}}",
                "languages": ["en"], "tags": [], "events": ["article.published", "article.updated", "article.deleted"],
                "summaryMaxChars": 600, "enabled": true } ] }
            """);

        var partner = Assert.Single(registry.Partners);
        Assert.Equal("eurasian-policy", partner.Id);
        Assert.Equal("Institute for Eurasian Policy Research", partner.Name);
        Assert.Equal(new Uri("https://partner.example/hooks/articles"), partner.Url);
        Assert.Equal(["en"], partner.Languages);
        Assert.Equal(3, partner.Events.Count);
        Assert.Equal(600, partner.SummaryMaxChars);
        Assert.True(partner.Enabled);
    }

    [Fact]
    public void Parse_StoryAndFormatFields_AreRead()
    {
        var registry = Parse(One(", \"languages\": [\"en\", \"ru\"], \"oneLanguagePerStory\": true, \"format\": \"ninjs\""));

        var partner = Assert.Single(registry.Partners);
        Assert.True(partner.OneLanguagePerStory);
        Assert.Equal(PayloadFormat.Ninjs, partner.Format);
        Assert.Equal(["en", "ru"], partner.Languages);
    }

    [Fact]
    public void Parse_NoStoryOrFormatFields_DefaultsToEveryLanguageAndOurFormat()
    {
        var partner = Assert.Single(Parse(One("")).Partners);

        Assert.False(partner.OneLanguagePerStory);
        Assert.Equal(PayloadFormat.Syndication, partner.Format);
    }

    [Theory]
    [InlineData(", \"langauges\": [\"en\"]", "field 'langauges'", "unknown")]
    [InlineData(", \"summaryMaxChars\": \"long\"", "field 'summaryMaxChars'", "whole number")]
    [InlineData(", \"events\": [\"article.read\"]", "field 'events'", "article.read")]
    [InlineData(", \"enabled\": \"yes\"", "field 'enabled'", "true or false")]
    [InlineData(", \"format\": \"newsml\"", "field 'format'", "ninjs")]
    [InlineData(", \"oneLanguagePerStory\": 1", "field 'oneLanguagePerStory'", "true or false")]
    [InlineData(", \"oneLanguagePerStory\": true", "field 'oneLanguagePerStory'", "languages")]
    [InlineData(", \"previousSecrets\": [\"whsec_AAAA\"]", "field 'previousSecrets[0]'", "3 bytes")]
    public void Parse_BadField_ErrorNamesPartnerAndField(string fields, string field, string detail)
    {
        var error = Assert.Throws<PartnerRegistryException>(() => Parse(One(fields)));

        Assert.Contains("partner 'eurasian-policy'", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "must be an absolute https URL")]
    [InlineData("ftp://partner.example/x", "must be an absolute https URL")]
    [InlineData("http://partner.example/x", "must use https")]
    [InlineData("https://user:pw@partner.example/x", "user name or password")]
    public void Parse_BadUrl_ErrorNamesPartnerAndUrl(string url, string detail)
    {
        var json = $$"""{ "partners": [ { "id": "p1", "url": "{{url}}", "secret": "{{Secret}}" } ] }""";

        var error = Assert.Throws<PartnerRegistryException>(() => Parse(json));

        Assert.Contains("partner 'p1': field 'url'", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HttpUrlWhenHttpsNotRequired_IsAccepted()
    {
        var registry = Parse("""{ "partners": [ { "id": "p1", "url": "http://127.0.0.1:8080/x", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" } ] }""", requireHttps: false);

        Assert.Equal("http", registry.Partners[0].Url.Scheme);
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_not base64!", "base64")]
    [InlineData("whsec_AAECAwQFBgcICQoLDA0ODw==", "got 16 bytes")]
    public void Parse_BadSecret_ErrorNamesPartnerAndSecret(string secret, string detail)
    {
        var json = $$"""{ "partners": [ { "id": "p1", "url": "https://partner.example/x", "secret": "{{secret}}" } ] }""";

        var error = Assert.Throws<PartnerRegistryException>(() => Parse(json));

        Assert.Contains("partner 'p1': field 'secret'", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecretOf65Bytes_IsRejected()
    {
        var secret = "whsec_" + Convert.ToBase64String(new byte[65]);
        var json = $$"""{ "partners": [ { "id": "p1", "url": "https://partner.example/x", "secret": "{{secret}}" } ] }""";

        var error = Assert.Throws<PartnerRegistryException>(() => Parse(json));

        Assert.Contains("got 65 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllAtOnce()
    {
        var json = $$"""
            { "partners": [
              { "id": "a", "url": "https://a.example/x", "secret": "whsec_AAAA" },
              { "url": "https://b.example/x", "secret": "{{Secret}}" },
              { "id": "a", "url": "https://c.example/x", "secret": "{{Secret}}", "colour": "red" } ],
              "version": 2 }
            """;

        var error = Assert.Throws<PartnerRegistryException>(() => Parse(json));

        Assert.Contains(error.Errors, e => e.StartsWith("partner 'a': field 'secret'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("partner #2: field 'id'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("partner 'a': unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("unknown field 'version'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DuplicateIds_IsRejected()
    {
        var json = $$"""{ "partners": [ { "id": "a", "url": "https://a.example/x", "secret": "{{Secret}}" }, { "id": "a", "url": "https://b.example/x", "secret": "{{Secret}}" } ] }""";

        var error = Assert.Throws<PartnerRegistryException>(() => Parse(json));

        Assert.Contains("partner 'a': field 'id' is used by 2 partners", error.Message, StringComparison.Ordinal);
    }
}
