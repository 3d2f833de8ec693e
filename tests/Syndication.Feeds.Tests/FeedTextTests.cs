namespace Syndication.Feeds.Tests;

public class FeedTextTests
{
    public static TheoryData<string, string> Texts => new()
    {
        { "plain ASCII <p>text</p> & more", "plain ASCII <p>text</p> & more" },
        { "tab\tline\nreturn\r end", "tab\tline\nreturn\r end" },
        { "Қазақ тілі, 한국어, \uE000 private use, \uFFFD replacement", "Қазақ тілі, 한국어, \uE000 private use, \uFFFD replacement" },
        { "emoji \U0001F600 pair", "emoji \U0001F600 pair" },
        { "\u0001start and end\u001F", "start and end" },
        { "bell\u0007 form\u000C feed", "bell form feed" },
        { "not characters \uFFFE\uFFFF end", "not characters  end" },
        { "ok \U0001F600 then \u0002 bad \U0001F600", "ok \U0001F600 then  bad \U0001F600" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Clean_Text_DropsOnlyCharactersXmlCannotCarry(string text, string expected)
    {
        Assert.Equal(expected, FeedText.Clean(text));
    }

    // Not theory data: xunit would turn lone surrogates into U+FFFD on the way to the test.
    [Fact]
    public void Clean_LoneSurrogates_AreDropped()
    {
        Assert.Equal("lone high  here, lone low  there", FeedText.Clean("lone high \uD83D here, lone low \uDE00 there"));
        Assert.Equal("reversed  pair", FeedText.Clean("reversed \uDE00\uD83D pair"));
        Assert.Equal("high at the end ", FeedText.Clean("high at the end \uD83D"));
        Assert.Equal("\U0001F600", FeedText.Clean("\uD83D\U0001F600"));
    }

    [Fact]
    public void Clean_ValidLongText_ReturnsSameInstance()
    {
        var text = string.Concat(Enumerable.Repeat("<p>Ұлттық банк мөлшерлемені\n\tқалдырды \U0001F600.</p>", 200));

        Assert.Same(text, FeedText.Clean(text));
    }

    [Fact]
    public void Clean_InvalidCharacterDeepInLongText_IsRemoved()
    {
        var valid = new string('a', 5000);

        Assert.Equal(valid + valid, FeedText.Clean(valid + "\u0000" + valid));
    }
}
