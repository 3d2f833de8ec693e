using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syndication.Core.Articles;

namespace Syndication.Extraction.Tests;

/// <summary>
/// Fixture page → expected article JSON (the fields of the <c>extract</c> CLI contract). Set UPDATE_GOLDEN=1 to
/// rewrite the expected files after a deliberate change, then review the diff.
/// </summary>
public class GoldenTests
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Paths.Samples).Concat(Directory.GetFiles(Paths.Fixtures)).Order(StringComparer.Ordinal))
        {
            // The samples folder describes itself in a README; that file is documentation, not an upload.
            if (Path.GetFileName(file).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            data.Add(Path.GetRelativePath(Paths.RepoRoot, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Extract_FixturePage_MatchesGoldenJson(string input)
    {
        var path = Path.Combine(Paths.RepoRoot, input);
        var name = Path.GetFileName(path);
        var actual = Describe(name, File.ReadAllBytes(path));
        var golden = Path.Combine(Paths.Golden, name + ".json");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual.ToJsonString(Json) + "\n");
        }

        Assert.True(File.Exists(golden), $"{input}: no golden file {golden}; run with UPDATE_GOLDEN=1 and review it");
        var expected = JsonNode.Parse(File.ReadAllText(golden))!.AsObject();
        foreach (var (field, value) in expected)
        {
            var got = actual[field];
            Assert.True(JsonNode.DeepEquals(value, got), $"{input}: field '{field}' differs.\nexpected: {value?.ToJsonString(Json)}\nactual:   {got?.ToJsonString(Json)}");
        }

        Assert.Equal(expected.Select(p => p.Key).Order(), actual.Select(p => p.Key).Order());
    }

    /// <summary>The article as the <c>extract</c> command prints it, or the error it reports.</summary>
    private static JsonObject Describe(string name, byte[] bytes)
    {
        try
        {
            var article = Extractors.Default.Extract(new ArticleSource(name, bytes, null, new Uri($"https://steppe-policy.example/articles/{name}")));
            return new JsonObject
            {
                ["source"] = name,
                ["title"] = article.Title,
                ["published"] = article.Published?.ToString("O"),
                ["updated"] = article.Updated?.ToString("O"),
                ["author"] = article.Author,
                ["language"] = article.Language,
                ["image"] = article.Image,
                ["tags"] = new JsonArray(article.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
                ["canonicalUrl"] = article.CanonicalUrl,
                ["text"] = article.Text,
                ["html"] = article.Html,
                ["summary"] = article.Summary,
            };
        }
        catch (ExtractionException ex)
        {
            return new JsonObject { ["source"] = name, ["error"] = ex.Message };
        }
    }
}

/// <summary>Where the test inputs live in the repository.</summary>
internal static class Paths
{
    public static string TestProject { get; } = Here();

    public static string RepoRoot { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    public static string Samples => Path.Combine(RepoRoot, "samples");

    public static string Fixtures => Path.Combine(TestProject, "Fixtures");

    public static string Golden => Path.Combine(TestProject, "Golden");

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
