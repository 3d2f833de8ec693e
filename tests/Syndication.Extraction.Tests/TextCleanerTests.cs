using Syndication.Extraction.Text;

namespace Syndication.Extraction.Tests;

/// <summary>Text that goes into feeds: characters XML 1.0 does not allow must go, everything else must stay.</summary>
public class TextCleanerTests
{
    [Theory]
    [InlineData("Plain ASCII text.\nSecond line.\tTabbed.\r\n")]
    [InlineData("Қазақ тілі және орыс тілі")]
    [InlineData("한국어 텍스트（괄호）와 숫자 ０１２")]
    [InlineData("Emoji in a sentence 🌾 and a flag 🇰🇿.")]
    [InlineData("Private use \uE000 and the last allowed \uFFFD.")]
    public void RemoveXmlInvalid_ValidText_IsReturnedUnchanged(string text)
    {
        Assert.Same(text, TextCleaner.RemoveXmlInvalid(text));
    }

    [Theory]
    [InlineData("bell\u0007 and null\u0000 and escape\u001B", "bell and null and escape")]
    [InlineData("not a character \uFFFE\uFFFF here", "not a character  here")]
    [InlineData("a pair 🌾 survives\u0001 beside a control", "a pair 🌾 survives beside a control")]
    public void RemoveXmlInvalid_InvalidCharacters_AreRemoved(string text, string expected)
    {
        Assert.Equal(expected, TextCleaner.RemoveXmlInvalid(text));
    }

    [Fact]
    public void RemoveXmlInvalid_LoneSurrogates_AreRemoved()
    {
        // Built in code: test-case data would not carry half a character intact.
        var text = "lone high " + (char)0xD83C + " surrogate, lone low " + (char)0xDF3E + " one, a pair 🌾 stays";

        Assert.Equal("lone high  surrogate, lone low  one, a pair 🌾 stays", TextCleaner.RemoveXmlInvalid(text));
    }
}
