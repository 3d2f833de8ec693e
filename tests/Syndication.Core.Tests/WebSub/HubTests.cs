using System.Text;
using Syndication.Core.WebSub;

namespace Syndication.Core.Tests.WebSub;

public sealed class HubTests
{
    private const string Topic = HubHarness.Base + "/feeds/atom.xml";

    [Fact]
    public async Task Handle_TopicNotOneOfOurFeeds_Returns404AndQueuesNothing()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed/>");

        var foreign = await hub.RequestAsync("subscribe", "https://elsewhere.example/feeds/atom.xml", "https://reader.example/cb");
        var archive = await hub.RequestAsync("subscribe", HubHarness.Base + "/feeds/archive/1.atom.xml", "https://reader.example/cb");
        var missing = await hub.RequestAsync("subscribe", HubHarness.Base + "/feeds/kk/atom.xml", "https://reader.example/cb");
        await hub.DrainAsync();

        Assert.Equal([404, 404, 404], new[] { foreign.StatusCode, archive.StatusCode, missing.StatusCode });
        Assert.Empty(hub.Client.Gets);
    }

    [Theory]
    [InlineData("publish", "https://reader.example/cb", null, 400)]
    [InlineData("subscribe", "ftp://reader.example/cb", null, 400)]
    [InlineData("subscribe", "https://reader.example/cb", 200, 400)]
    [InlineData("subscribe", "https://reader.example/cb", 199, 202)]
    public async Task Handle_BadRequest_AnswersWithClearStatus(string mode, string callback, int? secretBytes, int expected)
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed/>");

        var answer = await hub.RequestAsync(mode, Topic, callback, secretBytes is { } n ? new string('k', n) : null);

        Assert.True(expected == answer.StatusCode, $"{mode} {callback} secret {secretBytes}: got {answer.StatusCode} {answer.Message}");
    }

    [Fact]
    public async Task Verify_CallbackEchoesSomethingElse_NoSubscription()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed/>");
        hub.Client.Verification["/wrong"] = _ => new HubCallbackResponse(200, "nope");
        hub.Client.Verification["/error"] = challenge => new HubCallbackResponse(500, challenge);

        Assert.Equal(202, (await hub.RequestAsync("subscribe", Topic, "https://reader.example/wrong")).StatusCode);
        Assert.Equal(202, (await hub.RequestAsync("subscribe", Topic, "https://reader.example/error")).StatusCode);
        await hub.DrainAsync();

        Assert.Equal(2, hub.Client.Gets.Count);
        Assert.Empty(await hub.SubscriptionsAsync());
    }

    [Fact]
    public async Task Subscribe_LeaseOutsideBounds_ClampedAndAnnouncedInVerification()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed/>");

        await hub.RequestAsync("subscribe", Topic, "https://reader.example/short", lease: "5");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/long", lease: "999999999");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/default");
        await hub.DrainAsync();

        var leases = hub.Client.Gets.ToDictionary(g => g.Url.AbsolutePath, g => g.Query["hub.lease_seconds"]);
        Assert.Equal("3600", leases["/short"]);
        Assert.Equal("2592000", leases["/long"]);
        Assert.Equal("864000", leases["/default"]);
        var stored = await hub.SubscriptionsAsync();
        Assert.Equal(hub.Time.GetUtcNow().AddDays(10), stored.Single(s => s.Callback.EndsWith("/default", StringComparison.Ordinal)).Expires);
    }

    [Fact]
    public async Task Subscribe_HostAtItsLimit_Returns429ButRenewalsAndOtherHostsPass()
    {
        using var hub = new HubHarness(new() { ["Hub:MaxSubscriptionsPerHost"] = "1", ["Hub:MaxSubscriptions"] = "2" });
        await hub.WriteFeedAsync("atom.xml", "<feed/>");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/one");
        await hub.DrainAsync();

        var second = await hub.RequestAsync("subscribe", Topic, "https://reader.example/two");
        var renewal = await hub.RequestAsync("subscribe", Topic, "https://reader.example/one");
        var otherHost = await hub.RequestAsync("subscribe", Topic, "https://other.example/one");
        await hub.DrainAsync();
        var third = await hub.RequestAsync("subscribe", Topic, "https://third.example/one");

        Assert.Equal(429, second.StatusCode);
        Assert.Contains("Hub:MaxSubscriptionsPerHost", second.Message, StringComparison.Ordinal);
        Assert.Equal(202, renewal.StatusCode);
        Assert.Equal(202, otherHost.StatusCode);
        Assert.Equal(429, third.StatusCode);
        Assert.Contains("Hub:MaxSubscriptions", third.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await hub.SubscriptionsAsync()).Count);
    }

    [Fact]
    public async Task Distribute_SameChangeTwice_EachSubscriberGetsItOnceSigned()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed>v1</feed>");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/plain");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/signed", secret: "topsecret");
        await hub.DrainAsync();
        await hub.WriteFeedAsync("atom.xml", "<feed>v2</feed>");

        var notifier = hub.Notifier;
        await notifier.FeedsChangedAsync([Topic], CancellationToken.None);
        await notifier.FeedsChangedAsync([Topic], CancellationToken.None); // a redelivered or repeated notification
        await hub.DrainAsync();

        Assert.Equal(2, hub.Client.Posts.Count);
        var signed = hub.Client.Posts.Single(p => p.Callback == "/signed");
        Assert.Equal("<feed>v2</feed>", Encoding.UTF8.GetString(signed.Body));
        Assert.Equal("application/atom+xml; charset=utf-8", signed.ContentType);
        Assert.True(HubSignature.Verify("topsecret", signed.Body, signed.Headers.Single(h => h.Key == HubSignature.HeaderName).Value));
        Assert.Equal($"<{HubHarness.Base}/hub>; rel=\"hub\", <{Topic}>; rel=\"self\"", signed.Headers.Single(h => h.Key == "Link").Value);
        Assert.DoesNotContain(hub.Client.Posts.Single(p => p.Callback == "/plain").Headers, h => h.Key == HubSignature.HeaderName);
    }

    [Fact]
    public async Task Distribute_Gone410_Unsubscribes_FailingPastScheduleDrops()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed>v1</feed>");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/gone");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/down");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/fine");
        await hub.DrainAsync();
        hub.Client.DistributionStatus["/gone"] = 410;
        hub.Client.DistributionStatus["/down"] = 503;
        await hub.WriteFeedAsync("atom.xml", "<feed>v2</feed>");

        await hub.Notifier.FeedsChangedAsync([Topic], CancellationToken.None);
        await hub.DrainAsync();
        Assert.Equal(["/down", "/fine"], (await hub.SubscriptionsAsync()).Select(s => new Uri(s.Callback).AbsolutePath).Order(StringComparer.Ordinal));
        Assert.False((await hub.SubscriptionsAsync()).Single(s => s.Callback.EndsWith("/down", StringComparison.Ordinal)).LastDistribution!.Delivered);

        for (var i = 0; i < 2; i++)
        {
            hub.Time.Advance(TimeSpan.FromMinutes(6));
            await hub.DrainAsync();
        }

        Assert.Equal(3, hub.Client.Posts.Count(p => p.Callback == "/down"));
        Assert.Equal(["/fine"], (await hub.SubscriptionsAsync()).Select(s => new Uri(s.Callback).AbsolutePath));
        Assert.Single(hub.Client.Posts, p => p.Callback == "/fine");
    }

    [Fact]
    public async Task Unsubscribe_Verified_RemovesAndLaterChangesReachNobody()
    {
        using var hub = new HubHarness();
        await hub.WriteFeedAsync("atom.xml", "<feed>v1</feed>");
        await hub.RequestAsync("subscribe", Topic, "https://reader.example/cb");
        await hub.DrainAsync();

        Assert.Equal(202, (await hub.RequestAsync("unsubscribe", Topic, "https://reader.example/cb")).StatusCode);
        await hub.DrainAsync();
        await hub.WriteFeedAsync("atom.xml", "<feed>v2</feed>");
        await hub.Notifier.FeedsChangedAsync([Topic], CancellationToken.None);
        await hub.DrainAsync();

        Assert.Equal("unsubscribe", hub.Client.Gets.Last().Query["hub.mode"]);
        Assert.Empty(await hub.SubscriptionsAsync());
        Assert.Empty(hub.Client.Posts);
    }
}
