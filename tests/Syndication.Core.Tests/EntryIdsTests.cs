using System.Text;
using Syndication.Core.Entries;

namespace Syndication.Core.Tests;

public sealed class EntryIdsTests
{
    [Theory]
    [InlineData("budget-2025.html", "budget-2025-")]
    [InlineData("Бюджет 2025.html", "бюджет-2025-")]
    [InlineData("2024/11/Energy Policy.md", "energy-policy-")]
    public void FromArticleName_ReadableName_GivesSlugPlus64BitHash(string name, string expectedPrefix)
    {
        var id = EntryIds.FromArticleName(name);

        Assert.StartsWith(expectedPrefix, id, StringComparison.Ordinal);
        Assert.Equal(expectedPrefix.Length + 16, id.Length);
        Assert.Equal(id, EntryIds.FromArticleName(name));
    }

    [Fact]
    public void FromArticleName_SameStemOtherExtension_GivesDifferentIds()
    {
        Assert.NotEqual(EntryIds.FromArticleName("a.html"), EntryIds.FromArticleName("a.md"));
    }

    [Fact]
    public void VersionOf_SameBytes_SameVersionAndOtherBytesOtherVersion()
    {
        var a = EntryIds.VersionOf(Encoding.UTF8.GetBytes("<p>a</p>"));

        Assert.Equal(a, EntryIds.VersionOf(Encoding.UTF8.GetBytes("<p>a</p>")));
        Assert.NotEqual(a, EntryIds.VersionOf(Encoding.UTF8.GetBytes("<p>b</p>")));
    }
}
