using Syndication.Core.Entries;

namespace Syndication.Core.Tests;

public class TagNamesTests
{
    [Theory]
    [InlineData("C++", "c-plus-plus")]
    [InlineData("C#", "c-sharp")]
    [InlineData("C", "c")]
    [InlineData("F#", "f-sharp")]
    [InlineData("R&D", "r-and-d")]
    [InlineData("A+ rating", "a-plus-rating")]
    [InlineData("Energy policy", "energy-policy")]
    [InlineData("Central Asia", "central-asia")]
    [InlineData(".NET", "net")]
    [InlineData("Экономика", "экономика")]
    [InlineData("Қазақстан", "қазақстан")]
    [InlineData("+++", "plus-plus-plus")]
    [InlineData("!!!", "")]
    public void Slug_Tag_ReadableUrlSafeAndDistinct(string tag, string expected) =>
        Assert.Equal(expected, TagNames.Slug(tag));

    [Fact]
    public void Slug_TagsWithoutSpokenCharacters_SameAsBefore()
    {
        // Tag feed URLs of existing tags must not move.
        foreach (var tag in new[] { "energy", "Central Asia", "oil-gas", "Экономика", "COVID-19", "e-mail" })
        {
            Assert.Equal(EntryIds.Slug(tag), TagNames.Slug(tag));
        }
    }

    [Fact]
    public void Slug_CFamily_ThreeDistinctFeeds() =>
        Assert.Equal(3, new[] { "C", "C++", "C#" }.Select(t => TagNames.Slug(t)).Distinct(StringComparer.Ordinal).Count());

    [Theory]
    [InlineData("Energy Policy", "energy-policy", true)]
    [InlineData("energy_policy", " Energy  policy ", true)]
    [InlineData("C++", "C", false)]
    [InlineData("C#", "C++", false)]
    [InlineData("c#", "C#", true)]
    [InlineData("ＣＯＶＩＤ", "covid", true)]
    public void Same_TwoTags_ComparedOnTheTagNotALossySlug(string a, string b, bool expected) =>
        Assert.Equal(expected, TagNames.Same(a, b));
}
