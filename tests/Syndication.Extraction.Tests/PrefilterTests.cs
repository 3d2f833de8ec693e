using Syndication.Extraction.Html;

namespace Syndication.Extraction.Tests;

/// <summary>What the pass before HtmlAgilityPack leaves of a page: the parser must see everything a reader sees.</summary>
public class PrefilterTests
{
    [Fact]
    public void Apply_IndentationBetweenBlocks_IsDropped()
    {
        var html = "<body>\n  <div>\n    <p>One</p>\n    <p>Two</p>\n  </div>\n</body>";

        Assert.Equal("<body><div><p>One</p><p>Two</p></div></body>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_SpaceBetweenInlineElements_IsKept()
    {
        // "Jane Doe" must not become "JaneDoe".
        var html = "<p><a href=\"/a\">Jane</a> <b>Doe</b>\n<i>wrote</i></p>";

        Assert.Equal(html, HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_SpaceBesideScriptOrMeta_IsKept()
    {
        // JSON-LD scripts and microdata metas sit between words of running text.
        var html = "<p><span>By</span> <meta itemprop=\"name\" content=\"x\"> <span>Jane</span></p>";

        Assert.Equal(html, HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_WhitespaceInPre_IsKept()
    {
        var html = "<pre>\n  <code>x = 1</code>\n  <code>y = 2</code>\n</pre>";

        Assert.Equal(html, HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_NoBreakSpace_IsText()
    {
        var html = "<div>\u00a0</div>";

        Assert.Equal(html, HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_CommentBetweenBlocks_GoesWithItsWhitespace()
    {
        var html = "<div>a</div>\n<!-- /.sidebar -->\n<script>track()</script>\n<div>b</div>";

        Assert.Equal("<div>a</div><div>b</div>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_CommentBetweenInlineElements_LeavesOneSpace()
    {
        var html = "<p><span>a</span> <!-- c --> <span>b</span></p>";

        var result = HtmlPrefilter.Apply(html);

        Assert.Equal("<p><span>a</span> <span>b</span></p>", result.Replace("  ", " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_HeadWhitespace_IsDropped_UntilTheBodyStarts()
    {
        var html = "<html>\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n</head>\n<body>\n<span>a</span> <span>b</span>\n</body>\n</html>";

        Assert.Equal("<html><head><meta charset=\"utf-8\"><title>T</title></head><body><span>a</span> <span>b</span></body></html>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_UnclosedHead_EndsAtTheFirstBodyElement()
    {
        // No </head>, no <body>: inline spacing after the first image must survive.
        var html = "<head><title>T</title><img src=\"a.jpg\"><span>a</span> <span>b</span>";

        Assert.Contains("<span>a</span> <span>b</span>", HtmlPrefilter.Apply(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SelfClosedScript_RunsToItsEndTag_AsInABrowser()
    {
        var html = "<div>a</div><script src=\"x.js\"/>var hidden = 1;</script><div>b</div>";

        Assert.Equal("<div>a</div><div>b</div>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_UnreadAttributes_AreDropped_ReadOnesKept()
    {
        var html = "<div class=\"story\" data-track=\"x\" onclick=\"go()\"><img src=\"a.jpg\" alt=\"A\" loading=\"lazy\"></div>";

        Assert.Equal("<div class=\"story\"><img src=\"a.jpg\" alt=\"A\"></div>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_UpperCaseTags_AreMatched()
    {
        var html = "<DIV>\n<P>One</P>\n</DIV>\n<SCRIPT>x()</SCRIPT>";

        Assert.Equal("<DIV><P>One</P></DIV>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_NavigationMenu_IsLeftOut_WithWhatIsNestedInIt()
    {
        var html = "<body><nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><nav><a href=\"/x\">X</a></nav></li></ul><!-- c --></nav><p>Story.</p></body>";

        Assert.Equal("<body><p>Story.</p></body>", HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Apply_UnclosedNavigation_StaysAsWritten()
    {
        // An outer element ends the menu without </nav>: nothing is cut, the parser decides as before.
        var html = "<div><nav><a href=\"/\">Home</a></div><p>Story.</p>";

        Assert.Equal(html, HtmlPrefilter.Apply(html));
    }

    [Fact]
    public void Extract_DateOfAnotherStoryInTheMenu_IsNotThePublicationDate()
    {
        var html = Extractors.Page(
            "<nav><ul><li><a href=\"/older\">Older story</a> <time datetime=\"2019-03-01\">1 March 2019</time></li></ul></nav>" +
            "<article><h1>Wheat harvest sets a record</h1><time datetime=\"2024-11-11T09:00:00Z\">11 November 2024</time>" +
            "<p>The harvest this year was the largest on record, the ministry said on Monday, after a wet spring and a dry summer.</p>" +
            "<p>Exports are expected to rise by a fifth, with most of the grain going to Central Asian neighbours and China.</p></article>");

        var article = Extractors.FromHtml(html);

        Assert.Equal(new DateTimeOffset(2024, 11, 11, 9, 0, 0, TimeSpan.Zero), article.Published);
    }
}
