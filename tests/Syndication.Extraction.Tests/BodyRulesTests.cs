namespace Syndication.Extraction.Tests;

/// <summary>Rules that decide which blocks of a page are the article body.</summary>
public class BodyRulesTests
{
    [Fact]
    public void Extract_KoreanParagraphStartingWithTitleBrackets_Kept()
    {
        // Korean (and some Russian) writing puts titles of works in angle brackets: that is text, not markup.
        const string Korean = "<p>&lt;숨바꼭질&gt;은 오로지 연민정 연기로 인기를 끌었던 이유리만 믿고 온갖 장면을 다 갈아 넣는 느낌이다. 하지만 그 때문에 드라마의 승부수가 금방 읽힌다.</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Korean));

        Assert.Contains("<숨바꼭질>은 오로지", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EscapedMarkupParagraph_LeftOut()
    {
        const string Markup = "<p>&lt;div class=\"widget\"&gt;&lt;/div&gt;</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Markup));

        Assert.DoesNotContain("widget", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleInsideWrapperWithAdLikeClass_FoundWithoutSidebar()
    {
        // "Page-ad-margins" looks like an ad slot by its class but wraps the whole page; the article inside it must still
        // be found by the strict pass, which leaves the newsletter box beside it out.
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid plan</title></head><body>
            <div class="Page-ad-margins"><main><h1>Grid plan</h1><div class="story">
            """ + Extractors.EnglishParagraphs + """
            </div><div class="newsletter-signup"><p>Get our daily newsletter with the stories that matter to you, delivered every morning to your inbox.</p></div>
            </main></div></body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("daily newsletter", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ElementsHiddenByUtilityClass_LeftOut()
    {
        const string Hidden = """
            <div class="email-scrim scrim-overlay hide"><p>An error has occurred while sending this article, please try again later or contact us.</p></div>
            <p class="sr-only">Share this article on social networks with your friends and colleagues today.</p>
            <p class="hidden-xs">The ministry will publish the full plan for public comment early next year.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Hidden));

        Assert.DoesNotContain("An error has occurred", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this article", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_InlineCaptionSpan_NotInText()
    {
        const string Photo = """<div class="photo"><img src="https://example.org/p.jpg" alt=""><span class="newsCaption">Protesters in the square (Image: GETTY)</span></div>""";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Photo + "<p>The ministry will publish the full plan for public comment early next year.</p>"));

        Assert.DoesNotContain("Image: GETTY", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ScriptsSvgAndCommentsAroundBody_InvisibleButJsonLdStillRead()
    {
        const string Noise = """
            <script>var html = "<p>Injected paragraph from a script string that must never show up anywhere.</p>";</script>
            <svg viewBox="0 0 10 10"><text>Icon label text inside an inline SVG that readers never see.</text></svg>
            <p>The reservoir<!-- -->will be full again by the end of the next rainy season, the ministry said.</p>
            """;
        const string Head = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"Grid plan puts wind first"}</script>""";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Noise, Head));

        Assert.Equal("Grid plan puts wind first", article.Title);
        Assert.DoesNotContain("Injected paragraph", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Icon label", article.Text, StringComparison.Ordinal);
        // An empty comment joins text exactly as a browser shows it.
        Assert.Contains("The reservoirwill be full", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_QuotedGreaterThanAndUnreadAttributes_LinksAndTextIntact()
    {
        // The pre-parse pass drops attributes nothing reads; a '>' inside a quoted value must not end the tag early.
        const string Body = """
            <p data-track='{"a":"b > c"}' onclick="go(1 > 0)">The plan was <a title="more > less" data-id="7" href="/plan/2030">published on Monday</a> by the ministry, which expects wind and solar to double.</p>
            <p class='lead' data-x=unquoted>Unquoted values and single quotes keep working for every reader of this page.</p>
            <p title="unterminated>Even a broken quote must not swallow the rest of the page, whatever a template got wrong.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Body), baseUrl: "https://example.org/news/");

        Assert.Contains("The plan was published on Monday by the ministry", article.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/plan/2030\">published on Monday</a>", article.Html, StringComparison.Ordinal);
        Assert.Contains("Unquoted values and single quotes keep working", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("b > c", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("go(1", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_BodySplitAroundLinkBox_ComesOutWhole()
    {
        // The second run of the body is shorter than the box of links between the runs, so the container holding both
        // scores lower than the first run alone; the run's twin container after the box continues the article.
        var links = string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href=\"/news/{i}\">Another story from the region number {i} that readers opened today</a></li>"));
        var html = Extractors.Page($$"""
            <h1>Grid plan</h1>
            <div class="chunk">{{Extractors.EnglishParagraphs}}</div>
            <div class="box"><ul>{{links}}</ul></div>
            <div class="chunk"><p>The ministry will publish the full plan for public comment early next year, officials said on Monday.</p></div>
            """);

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Another story from the region", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MarkedBodyItemsWithSubheadingsBetween_SubheadingsKept()
    {
        // Each paragraph carries the template's body class; the subheadings between them carry another one.
        const string Body = """
            <div class="story">
            <p class="article-content-item">Kazakhstan's grid operator expects wind and solar plants to supply a fifth of the country's electricity by the end of the decade.</p>
            <h3 class="article-content-item-headline">Coal stays in reserve</h3>
            <p class="article-content-item">The plan assumes that coal-fired stations in the north will keep running as a reserve, while new lines carry power south.</p>
            <h3 class="article-content-item-headline">Tariffs will rise</h3>
            <p class="article-content-item">Economists at the institute argue that tariffs will need to rise gradually so that investors can recover the cost of the lines.</p>
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.Contains("Coal stays in reserve", article.Text, StringComparison.Ordinal);
        Assert.Contains("Tariffs will rise", article.Text, StringComparison.Ordinal);
        Assert.Contains("tariffs will need to rise gradually", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_StandfirstBetweenHeadlineAndMarkedBody_KeptWithoutByline()
    {
        const string Body = """
            <header><h1>Grid plan puts wind first</h1>
            <p class="byline">By Aliya Nurlanova | 12 March 2024</p>
            <p class="teaser">The grid operator wants a fifth of the country's power from wind and solar plants by 2030, and it has a plan for the lines that will carry it south.</p></header>
            <div class="article-body">
            """ + Extractors.EnglishParagraphs + """
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.StartsWith("The grid operator wants a fifth", article.Text, StringComparison.Ordinal);
        Assert.Contains("Economists at the institute", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Aliya Nurlanova", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmphasisedNoteAfterLastParagraph_LeftOut()
    {
        const string Notes = """
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p>
            <p><strong>Follow the Institute on Telegram and Instagram @institute_news.</strong></p>
            <p><em>Submit your letter to the editor via <a href="/letters">this form</a>.</em></p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Notes));

        Assert.EndsWith("officials said.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmphasisedParagraphBeforeRunningText_Kept()
    {
        const string Middle = """
            <p><strong>Coal stays in reserve until the new lines are built.</strong></p>
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Middle));

        Assert.Contains("Coal stays in reserve", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_StandfirstSetAsSubheading_Kept()
    {
        const string Body = """
            <h1>Grid plan puts wind first</h1>
            <h2 class="subtitle">The grid operator wants a fifth of the country's power from wind and solar plants by 2030, and it has a plan for the lines that carry it.</h2>
            <div class="article-body">
            """ + Extractors.EnglishParagraphs + """
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.StartsWith("The grid operator wants a fifth", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_StandfirstBelowShortSubtitle_Kept()
    {
        // A one-line subtitle (h2) between the headline and the lead is the headline's dek; the lead under it still
        // belongs to the article, while the dek itself stays out of the text.
        const string Body = """
            <h1>Grid plan puts wind first</h1>
            <h2>Kazakhstan bets on the steppe</h2>
            <p class="teaser">The grid operator wants a fifth of the country's power from wind and solar plants by 2030, and it has a plan for the lines that carry it.</p>
            <div class="article-body">
            """ + Extractors.EnglishParagraphs + """
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.StartsWith("The grid operator wants a fifth", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bets on the steppe", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SectionHeadingBetweenHeadlineAndBody_EndsLead()
    {
        // A heading under a paragraph already taken as the lead is a section of the page, not a subtitle: what
        // follows it before the body (a quoted statement in a box of its own) is not the lead.
        const string Body = """
            <h1>Grid plan puts wind first</h1>
            <p class="teaser">The grid operator wants a fifth of the country's power from wind and solar plants by 2030, and it has a plan for the lines that carry it.</p>
            <h2>What the ministry said</h2>
            <div class="quote"><p>We will connect the windy steppe with the industrial south, and we will do it without raising prices for households faster than wages grow, the minister said.</p></div>
            <div class="article-body">
            """ + Extractors.EnglishParagraphs + """
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.StartsWith("The grid operator wants a fifth", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("windy steppe with the industrial south", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_StandfirstBelowCaptionedPicture_Kept()
    {
        // The picture under the headline has a long caption; the lead under the picture is still the article's.
        const string Body = """
            <h1>Grid plan puts wind first</h1>
            <figure><img src="https://example.org/steppe.jpg" alt=""><figcaption>Wind turbines near Yerementau, where the operator plans the first of its new steppe parks, seen from the road to Astana.</figcaption></figure>
            <p class="teaser">The grid operator wants a fifth of the country's power from wind and solar plants by 2030, and it has a plan for the lines that carry it.</p>
            <div class="article-body">
            """ + Extractors.EnglishParagraphs + """
            </div>
            """;

        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.StartsWith("The grid operator wants a fifth", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wind turbines near Yerementau", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PlainListClosingArticle_Kept()
    {
        const string Closing = """
            <p>In short, the plan rests on three assumptions:</p>
            <ul><li>Coal plants stay available as a reserve until 2035</li><li>Two new lines reach the south by 2028</li><li>Tariffs rise by a few percent a year</li></ul>
            <ul><li><a href="/tag/energy">Energy</a></li><li><a href="/tag/kazakhstan">Kazakhstan</a></li></ul>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Closing));

        Assert.Contains("Coal plants stay available", article.Text, StringComparison.Ordinal);
        Assert.EndsWith("Tariffs rise by a few percent a year", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NextStoriesLoadedBelowArticle_OnlyArticleHeadedByTitle()
    {
        // Endless scrolling: the next story, longer than this one, is already in the page below it.
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid plan puts wind first</title></head><body>
            <main><div class="stream">
            <article><h1>Grid plan puts wind first</h1>
            """ + Extractors.EnglishParagraphs + """
            </article>
            <article><h2>Harvest comes in early after a dry summer</h2>
            <p>Farmers in the south began bringing in the wheat harvest two weeks earlier than usual after a summer with almost no rain, the agriculture ministry said.</p>
            <p>Yields are expected to be lower than last year, but the quality of the grain is high, and exporters expect strong demand from neighbouring countries.</p>
            <p>The ministry has asked regional authorities to prepare storage capacity early, because railway wagons are in short supply during the autumn months.</p>
            <p>Livestock farmers are worried about the price of hay, which has doubled since the spring, and have asked for subsidies to keep their herds through the winter.</p>
            </article>
            </div></main></body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wheat harvest", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LabelLeftClosingItsOwnBox_LeftOut()
    {
        // A related-links box whose links were dropped leaves its label behind at the very end of the page.
        var body = Extractors.EnglishParagraphs + "<div class=\"topics\"><div>More on the energy transition</div><div><a href=\"/t/grid\">Grid</a></div></div>";
        var article = Extractors.FromHtml(Extractors.Page(body));

        Assert.EndsWith("sudden shocks for households.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SignatureBesideLastParagraph_Kept()
    {
        var body = Extractors.EnglishParagraphs + "<p>Anna, the editors</p>";
        var article = Extractors.FromHtml(Extractors.Page(body));

        Assert.EndsWith("Anna, the editors", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TextSharingSmallBoxWithPicture_CaptionNotInText()
    {
        const string Picture = """
            <div class="asset"><a href="/photos/1"><img src="https://example.org/minister.jpg" alt=""></a>
            <div class="meta"><span>The minister in Astana, archive of the government press office</span></div></div>
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Picture));

        Assert.DoesNotContain("archive of the government", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
        Assert.Contains("<figcaption>The minister in Astana", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LeadInHeaderBoxWithPicture_Kept()
    {
        // A header holding a heading, a lead and a picture is a header, not a captioned picture.
        const string Header = """
            <div class="intro"><h2>Wind first</h2><p>The grid operator wants a fifth of the power from wind by 2030.</p>
            <img src="https://example.org/steppe.jpg" alt=""></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Header + Extractors.EnglishParagraphs));

        Assert.Contains("a fifth of the power from wind by 2030.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PhotoCreditLines_NotInText()
    {
        const string Credits = """
            <p>Wind turbines near Yerementau. Photo: Daniyar Mussirov</p>
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p>
            <div>© Reuters</div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Credits));

        Assert.DoesNotContain("Daniyar Mussirov", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Reuters", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HeadedBoxAfterMainText_LeftOut()
    {
        // After the element holding the article's running text, a box headed "More from the institute" holds a teaser.
        const string Body = "<div class=\"text\">" + Extractors.EnglishParagraphs + """
            </div><div class="more"><h3>More from the institute</h3>
            <p>Our analysts looked at how Central Asian grids cope with winter peaks and what the new lines change for exporters.</p></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.EndsWith("sudden shocks for households.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ClosingSectionShapedLikeMainOne_Kept()
    {
        const string Body = "<div class=\"section\">" + Extractors.EnglishParagraphs + """
            </div><div class="section"><h2>Outlook</h2>
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Body));

        Assert.EndsWith("officials said.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DeclaredArticleBodyWithOtherQuotes_ParagraphKept()
    {
        // JSON-LD articleBody often differs from the page in quotes, dashes or spacing; when the chosen element holds the
        // declared body, its own paragraphs stay, including those the declared text spells differently.
        const string Head = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"Grid plan","articleBody":"Kazakhstan's grid operator expects wind and solar plants to supply a fifth of the country's electricity by the end of the decade, according to a new planning document. The plan assumes that coal-fired stations in the north will keep running as a reserve, while new transmission lines carry power from the windy steppe to the industrial south. Economists at the institute argue that tariffs will need to rise gradually so that investors can recover the cost of the new lines without sudden shocks for households. \"We will not switch off coal before the lines are built\", the minister said."}</script>""";
        const string Quote = "<p>“We will not switch off coal before the lines are built”, the minister said.</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Quote, Head));

        Assert.Contains("“We will not switch off coal", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ChosenElementMissesDeclaredArticleBody_DeclaredBodyUsed()
    {
        // The article sits among long link lists, so the scorer prefers the text beside it; the page's articleBody names
        // the real body.
        const string Head = """<script type="application/ld+json">{"@type":"NewsArticle","headline":"Grid plan","articleBody":"Kazakhstan's grid operator expects wind and solar plants to supply a fifth of the country's electricity by the end of the decade, according to a new planning document. The plan assumes that coal-fired stations in the north will keep running as a reserve, while new transmission lines carry power from the windy steppe to the industrial south."}</script>""";
        var links = string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href=\"/story/{i}\">Another story about the energy markets of Central Asia, number {i}</a></li>"));
        var body = $$"""
            <div class="a"><ul>{{links}}</ul>
            <p>Kazakhstan's grid operator expects wind and solar plants to supply a fifth of the country's electricity by the end of the decade, according to a new planning document.</p>
            <p>The plan assumes that coal-fired stations in the north will keep running as a reserve, while new transmission lines carry power from the windy steppe to the industrial south.</p></div>
            <div class="b"><p>{{string.Concat(Enumerable.Repeat("The weather in the capital stayed mild this week, with light winds from the west and no rain expected. ", 4))}}</p></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(body, Head));

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("The weather in the capital", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RubyReadings_NotInText()
    {
        // Furigana (rt, with rp fallbacks) tell learners how to read a word; copied into the text they split every word.
        const string Japanese = "<p>政府は<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>を変えて、子どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止することにしました。</p>";
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Japanese));

        Assert.Contains("政府は法律を変えて、子どもへの体罰を禁止することにしました。", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_CommentSectionNamedInGerman_LeftOut()
    {
        // "Kommentare" (de), "komentarze" (pl), "komentari" (hr): comment sections, like the English "comments".
        const string Comments = """
            <section class="kommentare"><h2>0 Kommentare</h2>
            <p>Keine Kommentare bisher. Kommentare erscheinen erst nach unserer Freigabe durch die Redaktion.</p></section>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Comments));

        Assert.DoesNotContain("Keine Kommentare", article.Text, StringComparison.Ordinal);
        Assert.Contains("sudden shocks for households.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WidgetWhoseIdNamesThePost_LeftOut()
    {
        const string Likes = """
            <div class="likes-widget-wrapper" id="like-post-wrapper-1184"><p>Gefällt mir: Lade … Sei die erste Person, der dieser Beitrag gefällt, und teile ihn mit deinen Freunden.</p></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Likes));

        Assert.DoesNotContain("Gefällt mir", article.Text, StringComparison.Ordinal);
        Assert.Contains("sudden shocks for households.", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmbedConsentPlaceholder_LeftOut()
    {
        // Embedded posts wait behind a consent notice until the reader agrees; the notice is not the article's.
        const string Embed = """
            <div class="third-party-embed--placeholder"><p>We respect your privacy and do not connect to Twitter without your consent. Manage your settings here to load the post.</p></div>
            <p>The ministry will publish the full plan for public comment early next year, officials said.</p>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Embed));

        Assert.DoesNotContain("We respect your privacy", article.Text, StringComparison.Ordinal);
        Assert.Contains("full plan for public comment", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ArticleOnlyInNoscript_NoscriptBodyUsed()
    {
        // Pages rendered by script (Blogger's dynamic views) show a loading shell and keep the article in <noscript>.
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid plan</title></head><body>
            <div class="app-shell"><div class="loading">Loading…</div></div>
            <noscript><h1>Grid plan</h1><div class="post">
            """ + Extractors.EnglishParagraphs + """
            </div></noscript>
            <script>renderApp();</script></body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.Contains("tariffs will need to rise gradually", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoscriptNoticeBesideArticle_ArticleKept()
    {
        // A "please enable JavaScript" notice and a tracking pixel are not a body, even with a paragraph or two.
        const string Notices = """
            <noscript><p>Please enable JavaScript in your browser to see comments and the interactive map of the grid.</p><p>Our site works best with JavaScript turned on.</p></noscript>
            <noscript><img src="https://example.org/pixel.gif" width="1" height="1" alt=""></noscript>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Notices));

        Assert.Contains("tariffs will need to rise gradually", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("enable JavaScript", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WidgetWrapperAroundMarkedPostBody_PostKept()
    {
        // Blogger wraps the post in "widget Blog"; the post body inside carries "post-body entry-content". A sidebar
        // beside it holds more short text, so the relaxed walk would not find the post either.
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid plan</title></head><body>
            <div class="widget Blog" id="Blog1"><h3 class="post-title">Grid plan</h3><div class="post-body entry-content">
            """ + Extractors.EnglishParagraphs + """
            </div><div class="post-footer">Posted by Anna at 10:00</div></div>
            <div class="sidebar"><p>Archive of all the posts published on this blog since it started many years ago, month by month.</p>
            <p>About me: I write about energy, grids and the economics of power in Central Asia and beyond, every week.</p>
            <p>Followers of this blog get every new post by email as soon as it is published, for free, forever.</p>
            <p>Popular posts this month include pieces on coal, hydropower, tariffs and transmission across the region.</p></div>
            </body></html>
            """;

        var article = Extractors.FromHtml(html);

        Assert.Contains("grid operator expects wind and solar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Followers of this blog", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WidgetWhoseMarkedBodyIsSmallPart_LeftOut()
    {
        // A related-posts widget with one short "post-body" snippet among much other text stays a widget.
        const string Widget = """
            <div class="related-posts widget"><div class="post-body">Wind farms in the south are growing fast.</div>
            <p>More stories from our archive on energy, climate, tariffs, coal stations, hydropower and regional grids, updated every day by our editors.</p>
            <p>Read also our weekly newsletter with the most important energy news from Central Asia and the wider region.</p></div>
            """;
        var article = Extractors.FromHtml(Extractors.Page(Extractors.EnglishParagraphs + Widget));

        Assert.Contains("tariffs will need to rise gradually", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("More stories from our archive", article.Text, StringComparison.Ordinal);
    }
}
