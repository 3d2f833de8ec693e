using Syndication.Core.Entries;
using Syndication.Core.Publishing;

namespace Syndication.Feeds.Tests;

/// <summary>Fixed entries and documents the formatter tests share (non-Latin text, markup, odd characters).</summary>
public static class SampleFeeds
{
    public static readonly DateTimeOffset Now = new(2024, 11, 11, 10, 20, 0, TimeSpan.Zero);

    public static Entry Entry(string id, int minutesAgo = 0, string language = "en", IReadOnlyList<string>? tags = null, string? author = "Aigerim Bekova", string? image = null, string? title = null) => new()
    {
        Id = id,
        Version = "v-" + id,
        Source = id + ".html",
        Title = title ?? $"Title of {id}",
        Url = $"https://news.example/articles/{id}",
        Published = Now.AddMinutes(-minutesAgo),
        Updated = Now.AddMinutes(-minutesAgo),
        Author = author,
        Language = language,
        Image = image,
        Tags = tags ?? ["Economy"],
        Text = $"Body of {id}.",
        Html = $"<p>Body of <b>{id}</b>.</p>",
        Summary = $"Summary of {id}.",
        IngestedAt = Now,
    };

    /// <summary>Kazakh, Russian and Korean text with markup, ampersands, quotes and a control character.</summary>
    public static IReadOnlyList<Entry> International() =>
    [
        Entry("kk-economy", 0, "kk", ["Экономика"], "Әйгерім Бекова", "https://news.example/img/kk.jpg") with
        {
            Title = "Қазақстан экономикасы: 2024 жылғы өсу & болжам",
            Summary = "Ұлттық банк \"базалық\" мөлшерлемені <өзгеріссіз> қалдырды.",
            Html = "<p>Ұлттық банк <a href=\"https://news.example/rate?a=1&amp;b=2\">мөлшерлемені</a> қалдырды.</p><p>Екінші абзац\u0001.</p>",
        },
        Entry("ru-politics", 5, "ru", ["Политика", "Центральная Азия"], "Иван Петров") with
        {
            Title = "Выборы в регионе — «итоги» и <прогнозы>",
            Summary = "Кратко: явка 64 % & рост.",
            Html = "<p>Текст статьи с <em>выделением</em> и символами &lt; &gt; &amp;.</p>",
        },
        Entry("ko-culture", 10, "ko", ["문화"], "김민준", "https://news.example/img/ko.png") with
        {
            Title = "서울의 새로운 박물관 개관",
            Summary = "한국어 요약: \"박물관\" & 전시.",
            Html = "<p>본문 <strong>내용</strong>입니다. ]]> 그리고 끝.</p>",
        },
        Entry("en-no-author", 15, "en", [], author: null) with { Title = "An entry with no author & no tags" },
    ];

    /// <summary>
    /// One story in three languages (plus an entry of another story): each version names the other two, one with a
    /// Cyrillic path, one only by the page's own URL (no entry id yet).
    /// </summary>
    public static IReadOnlyList<Entry> Story() =>
    [
        Entry("en-grid", 0, "en", ["Energy"]) with
        {
            Story = "story-grid",
            Translations = [new("ru", "https://news.example/articles/ru-grid", "ru-grid"), new("kk", "https://news.example/kk/желі?a=1&b=2")],
        },
        Entry("ru-grid", 5, "ru", ["Энергетика"], "Иван Петров") with
        {
            Title = "Энергосеть Центральной Азии",
            Story = "story-grid",
            Translations = [new("en", "https://news.example/articles/en-grid", "en-grid"), new("kk", "https://news.example/kk/желі?a=1&b=2")],
        },
        Entry("kk-grid", 10, "kk", ["Энергетика"], "Әйгерім Бекова") with
        {
            Title = "Орталық Азия энергожүйесі",
            Url = "https://news.example/kk/желі?a=1&b=2",
            Story = "story-grid",
            Translations = [new("en", "https://news.example/articles/en-grid", "en-grid"), new("ru", "https://news.example/articles/ru-grid", "ru-grid")],
        },
        Entry("en-alone", 15, "en", ["Water"]),
    ];

    /// <summary>The translation links a reader should find on each entry of <see cref="Story"/>, as (language, URL).</summary>
    public static IReadOnlyList<(string Language, string Url)> ExpectedTranslations(Entry entry) =>
        [.. entry.Translations.Select(t => (t.Language, new Uri(t.Url).AbsoluteUri))];

    public static FeedDocument Document(IReadOnlyList<Entry> entries, string? hub = "https://hub.example/", FeedScope? scope = null, string? archivePage = null, string? prev = null, string? next = null) => new()
    {
        Scope = scope ?? FeedScope.Site("News Example"),
        Title = scope?.Title ?? "News Example",
        Subtitle = "News and analysis from Central Asia",
        Language = scope?.Language,
        SiteUrl = "https://news.example/",
        BaseUrl = "https://news.example/feeds/" + (scope?.Prefix ?? ""),
        HubUrl = hub,
        IconUrl = "https://news.example/icon.png",
        Updated = Now,
        Entries = entries,
        ArchivePage = archivePage,
        PrevArchive = prev,
        NextArchive = next,
    };
}
