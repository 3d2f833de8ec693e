using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syndication.Testing;

/// <summary>Builds <c>config/partners.json</c> documents for tests.</summary>
public static class PartnerJson
{
    public static object Entry(string id, Uri url, string secret, object? extra = null)
    {
        var node = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Partner {id}",
            ["url"] = url.ToString(),
            ["secret"] = secret,
            ["languages"] = new JsonArray(),
            ["tags"] = new JsonArray(),
            ["events"] = new JsonArray("article.published", "article.updated", "article.deleted"),
            ["summaryMaxChars"] = 600,
            ["enabled"] = true,
        };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                node[key] = value?.DeepClone();
            }
        }

        return node;
    }

    public static string Registry(params object[] partners) =>
        new JsonObject { ["partners"] = new JsonArray([.. partners.Select(p => JsonSerializer.SerializeToNode(p))]) }.ToJsonString();
}
