using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Entries;
using Syndication.Core.Storage;
using Syndication.Core.Stories;
using Syndication.Testing;

namespace Syndication.Core.Tests;

/// <summary>
/// A partner with <c>languages: ["en", "ru"]</c> and <c>oneLanguagePerStory</c>, against a real partner server:
/// each story once, in the first of its languages that exists, upgraded as <c>article.updated</c>, never in Kazakh.
/// </summary>
public sealed class OneLanguagePerStoryTests : IAsyncLifetime
{
    private const string Story = "st_water2025";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private readonly DeliveryHarness _harness = new();
    private PartnerServer _partner = null!;

    public async Task InitializeAsync()
    {
        _partner = await PartnerServer.StartAsync();
        await _harness.WriteRegistryAsync(_partner.Registration("p1", new { languages = new[] { "en", "ru" }, oneLanguagePerStory = true }));
    }

    public async Task DisposeAsync()
    {
        await _partner.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task FanOut_PreferredTranslationArrivesLater_PublishedThenUpdatedOfSameStoryNeverKazakh()
    {
        await ArriveAsync("ru");
        await _harness.SettleAsync(Settle);
        await ArriveAsync("kk");
        await ArriveAsync("en");
        await _harness.SettleAsync(Settle);

        Assert.Equal([("article.published", "ru"), ("article.updated", "en")], Received());
        Assert.All(Bodies(), data => Assert.Equal(Story, data.GetProperty("story").GetString()));
        Assert.Equal(0, _partner.AcceptedMoreThanOnce);
    }

    [Fact]
    public async Task FanOut_LessPreferredArrivesOrChanges_NothingSentButChangesOfTheSentOneAre()
    {
        await ArriveAsync("en");
        await ArriveAsync("ru");
        await ArriveAsync("ru", "v2", EntryChangeKind.Updated);
        await ArriveAsync("en", "v2", EntryChangeKind.Updated);
        await _harness.SettleAsync(Settle);

        Assert.Equal([("article.published", "en"), ("article.updated", "en")], Received());
        Assert.Equal("v2-en", Bodies()[^1].GetProperty("title").GetString());
    }

    [Fact]
    public async Task FanOut_SentTranslationDeleted_NextPreferredAsUpdatedThenDeletedWhenNoneLeft()
    {
        await ArriveAsync("ru");
        await ArriveAsync("kk");
        await ArriveAsync("en");
        await LeaveAsync("kk"); // never sent: nothing to say
        await LeaveAsync("en");
        await LeaveAsync("ru");
        await _harness.SettleAsync(Settle);

        Assert.Equal([("article.published", "ru"), ("article.updated", "en"), ("article.updated", "ru"), ("article.deleted", "ru")], Received());

        // The story comes back: a new start.
        await ArriveAsync("ru", "v3");
        await _harness.SettleAsync(Settle);
        Assert.Equal(("article.published", "ru"), Received()[^1]);
    }

    [Fact]
    public async Task FanOut_StepsQueuedTogetherAndDrainedByFourWorkers_ArriveInOrder()
    {
        await ArriveAsync("ru");
        await ArriveAsync("en");
        await _harness.SettleAsync(Settle, workers: 4);

        Assert.Equal([("article.published", "ru"), ("article.updated", "en")], Received());
    }

    [Fact]
    public async Task FanOut_TranslationsAnnouncedConcurrentlyAndTwice_EachStepSentExactlyOnceEndingInEnglish()
    {
        var entries = new[] { await StoreAsync("ru"), await StoreAsync("kk"), await StoreAsync("en") };
        var announcements = entries.Concat(entries).Select(e => Task.Run(() => _harness.AnnounceAsync(e)));
        await Task.WhenAll(announcements);
        await _harness.SettleAsync(Settle, workers: 4);

        var received = Received();
        Assert.Equal("en", received[^1].Item2);
        Assert.Equal("article.published", received[0].Item1);
        Assert.All(received.Skip(1), r => Assert.Equal("article.updated", r.Item1));
        Assert.DoesNotContain(received, r => r.Item2 == "kk");
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Equal(0, _partner.AcceptedMoreThanOnce);
        Assert.Equal(received.Count, _partner.AcceptedIds.Count);
    }

    [Fact]
    public async Task FanOut_StepTakenButItsDeliveryNeverWritten_AnnouncedAgainCreatesThatSameDelivery()
    {
        var ru = await StoreAsync("ru");
        await _harness.AnnounceAsync(ru);
        var (state, _) = await _harness.Deliveries.GetStoryStateAsync("p1", Story, CancellationToken.None);

        // A crash between the story step and its delivery record: the record is missing (its message finds nothing).
        await _harness.Store.DeleteAsync(Containers.Deliveries, $"log/{state!.LastDelivery}.json", null, CancellationToken.None);
        await _harness.SettleAsync(Settle);
        Assert.Empty(Received());

        await _harness.AnnounceAsync(ru); // the journal's outbox announces it again
        await _harness.AnnounceAsync(ru);
        await _harness.SettleAsync(Settle);

        Assert.Equal([("article.published", "ru")], Received());
        Assert.Equal(state.LastDelivery, Assert.Single(_partner.Received).Id);
    }

    [Fact]
    public async Task FanOut_EntryWithoutStory_LanguagesFilterAsBefore()
    {
        await _harness.AnnounceAsync(DeliveryHarness.Article("old-ru", language: "ru"));
        await _harness.AnnounceAsync(DeliveryHarness.Article("old-en", language: "en"));
        await _harness.AnnounceAsync(DeliveryHarness.Article("old-kk", language: "kk"));
        await _harness.SettleAsync(Settle);

        Assert.Equal(2, _partner.AcceptedIds.Count);
        Assert.All(Bodies(), data => Assert.Equal(JsonValueKind.Null, data.GetProperty("story").ValueKind));
    }

    /// <summary>The translation is stored, joins the story and is announced, as the journal would.</summary>
    private async Task ArriveAsync(string language, string version = "v1", EntryChangeKind kind = EntryChangeKind.Published) =>
        await _harness.AnnounceAsync(await StoreAsync(language, version), kind);

    private async Task<Entry> StoreAsync(string language, string version = "v1")
    {
        var entry = DeliveryHarness.Article($"water-{language}", version, language) with { Story = Story, Title = $"{version}-{language}" };
        await _harness.Store.PutJsonAsync(Containers.Entries, EntryRepository.BlobName(entry.Id), entry, StoredJson.Options, null, false, CancellationToken.None);
        await _harness.Services.GetRequiredService<StoryIndex>().JoinAsync(Story, StoryLinker.MemberOf(entry), CancellationToken.None);
        return entry;
    }

    private async Task LeaveAsync(string language)
    {
        var id = $"water-{language}";
        var entry = await _harness.Services.GetRequiredService<EntryRepository>().GetAsync(id, CancellationToken.None);
        await _harness.Store.DeleteAsync(Containers.Entries, EntryRepository.BlobName(id), null, CancellationToken.None);
        await _harness.Services.GetRequiredService<StoryIndex>().LeaveAsync(Story, id, CancellationToken.None);
        await _harness.AnnounceAsync(entry!, EntryChangeKind.Deleted);
    }

    /// <summary>Accepted webhooks in order of arrival: event type and language.</summary>
    private List<(string, string)> Received() =>
        [.. _partner.Received.Where(r => r.AnsweredStatus is >= 200 and < 300).Select(r =>
        {
            using var body = JsonDocument.Parse(r.Body);
            return (body.RootElement.GetProperty("type").GetString()!, body.RootElement.GetProperty("data").GetProperty("language").GetString()!);
        })];

    private List<JsonElement> Bodies() =>
        [.. _partner.Received.Where(r => r.AnsweredStatus is >= 200 and < 300).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").Clone())];
}
