using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Syndication.Core.WebSub;
using Syndication.Testing;

namespace Syndication.Cli.Tests;

/// <summary>
/// The built-in hub against a subscriber over real loopback HTTP, after websub.rocks's hub tests 100–106:
/// discovery, subscribe without and with a secret, extra parameters, re-subscribe, unsubscribe, XML and JSON
/// topics, a callback that fails verification, signatures, and subscriptions surviving a kill -9 of <c>run</c>.
/// </summary>
public sealed class WebSubHubConformanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hub_SubscriberLifecycleAfterWebSubRocks_ConformsAndSurvivesKill()
    {
        using var temp = new TempFolder();
        var data = temp.File("data");
        var ports = FreePorts.Take(2);
        var run = $"http://127.0.0.1:{ports[0]}";
        var environment = new Dictionary<string, string>
        {
            ["Delivery__RequireHttps"] = "false",
            ["Delivery__AllowedNetworks__0"] = "127.0.0.0/8",
            ["Delivery__Timeout"] = "00:00:05",
        };
        var samples = Directory.EnumerateFiles(CliProcess.SamplesFolder, "*.html").Order(StringComparer.Ordinal).Take(4).ToList();
        Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, samples[0]])).ExitCode);

        using var subscriber = new WebSubSubscriber(ports[1]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var host = CliProcess.Start(["run", "--data", data, "--urls", run], environment: environment);
        try
        {
            var rss = $"{run}/feeds/rss.xml";
            var json = $"{run}/feeds/feed.json";
            var atom = $"{run}/feeds/atom.xml";
            var hub = $"{run}/hub";
            await Until(async () => (await http.GetAsync(json)).IsSuccessStatusCode && (await http.GetAsync(atom)).IsSuccessStatusCode, "the site feeds to be served");

            // Discovery (§4) in all three formats and in HTTP Link headers.
            using (var response = await http.GetAsync(rss))
            {
                var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
                var links = doc.Descendants(XName.Get("link", "http://www.w3.org/2005/Atom")).ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
                Assert.Equal(hub, links["hub"]);
                Assert.Equal(rss, links["self"]);
                Assert.Contains($"<{hub}>; rel=\"hub\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
                Assert.Contains($"<{rss}>; rel=\"self\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
            }

            var atomDoc = XDocument.Parse(await http.GetStringAsync(atom));
            var atomLinks = atomDoc.Root!.Elements(XName.Get("link", "http://www.w3.org/2005/Atom")).ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
            Assert.Equal(hub, atomLinks["hub"]);
            Assert.Equal(atom, atomLinks["self"]);
            using (var feed = JsonDocument.Parse(await http.GetStringAsync(json)))
            {
                Assert.Equal(json, feed.RootElement.GetProperty("feed_url").GetString());
                var hubs = feed.RootElement.GetProperty("hubs");
                Assert.Equal("WebSub", hubs[0].GetProperty("type").GetString());
                Assert.Equal(hub, hubs[0].GetProperty("url").GetString());
            }

            // A topic that is not one of our feeds is refused at once.
            using (var refused = await Post(http, hub, "subscribe", "https://elsewhere.example/feed.xml", subscriber.Callback("plain")))
            {
                Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            }

            // 100: subscribe without a secret (XML topic); 101 + 102: with a secret and an extra parameter (JSON topic);
            // a callback that does not echo the challenge.
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, hub, "subscribe", rss, subscriber.Callback("plain"))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, hub, "subscribe", json, subscriber.Callback("signed") + "?foo=bar", secret: "s3cret-for-websub", extra: ("hub.extra", "ignored"))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, hub, "subscribe", rss, subscriber.Callback("refuse"))).StatusCode);
            await Until(() => Task.FromResult(subscriber.Verifications.Count >= 3), "three verifications of intent");
            var plainCheck = subscriber.Verifications.First(v => v.Callback == "plain");
            Assert.Equal(("subscribe", rss, "864000"), (plainCheck.Mode, plainCheck.Topic, plainCheck.LeaseSeconds));
            Assert.Equal("bar", subscriber.Verifications.First(v => v.Callback == "signed").ExtraQuery);

            // 103: re-subscribing renews, it does not duplicate.
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, hub, "subscribe", rss, subscriber.Callback("plain"))).StatusCode);
            await Until(() => Task.FromResult(subscriber.Verifications.Count(v => v.Callback == "plain") >= 2), "the renewal's verification");
            await Until(() => Task.FromResult(Subscriptions(data).Count == 2), "two active subscriptions (plain, signed; refuse never verified)");

            // A change reaches each active subscriber once, with the document, its type, Link and signature.
            Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, samples[1]])).ExitCode);
            await Until(() => Task.FromResult(subscriber.Distributions.Any(d => d.Callback is "plain") && subscriber.Distributions.Any(d => d.Callback is "signed")), "distribution to both subscribers");
            var plain = subscriber.Distributions.Single(d => d.Callback == "plain");
            Assert.StartsWith("application/rss+xml", plain.ContentType, StringComparison.Ordinal);
            Assert.Equal($"<{hub}>; rel=\"hub\", <{rss}>; rel=\"self\"", plain.Link);
            Assert.Null(plain.Signature);
            Assert.Equal(await http.GetByteArrayAsync(rss), plain.Body);
            var signed = subscriber.Distributions.Single(d => d.Callback == "signed");
            Assert.StartsWith("application/feed+json", signed.ContentType, StringComparison.Ordinal);
            Assert.True(HubSignature.Verify("s3cret-for-websub", signed.Body, signed.Signature), $"signature {signed.Signature} does not verify");
            Assert.StartsWith("sha256=", signed.Signature, StringComparison.Ordinal);
            using (var pushed = JsonDocument.Parse(signed.Body))
            {
                Assert.Equal(json, pushed.RootElement.GetProperty("feed_url").GetString());
            }

            Assert.DoesNotContain(subscriber.Distributions, d => d.Callback == "refuse");

            // The operator page lists the subscriptions per feed with the last distribution and a Drop button.
            var operatorPage = await http.GetStringAsync($"{run}/");
            Assert.Contains(WebUtility.HtmlEncode(subscriber.Callback("signed")), operatorPage, StringComparison.Ordinal);
            Assert.Contains("<code>feeds/feed.json</code>", operatorPage, StringComparison.Ordinal);
            Assert.Contains(">delivered<", operatorPage, StringComparison.Ordinal);
            Assert.Contains(">Drop<", operatorPage, StringComparison.Ordinal);

            // 104: unsubscribe; the next change reaches only the other subscriber.
            Assert.Equal(HttpStatusCode.Accepted, (await Post(http, hub, "unsubscribe", rss, subscriber.Callback("plain"))).StatusCode);
            await Until(() => Task.FromResult(subscriber.Verifications.Any(v => v.Callback == "plain" && v.Mode == "unsubscribe")), "the unsubscribe verification");
            await Until(() => Task.FromResult(Subscriptions(data).Count == 1), "one subscription left");
            Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, samples[2]])).ExitCode);
            await Until(() => Task.FromResult(subscriber.Distributions.Count(d => d.Callback == "signed") >= 2), "the second distribution");
            Assert.Single(subscriber.Distributions, d => d.Callback == "plain");
        }
        finally
        {
            host.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
            await host.WaitForExitAsync();
        }

        // Subscriptions survive: a new host distributes the next change to the remaining subscriber.
        var restarted = CliProcess.Start(["run", "--data", data, "--urls", run], environment: environment);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(0, (await CliProcess.RunAsync(["upload", "--data", data, samples[3]])).ExitCode);
            await Until(() => Task.FromResult(subscriber.Distributions.Count(d => d.Callback == "signed") >= 3), "distribution after the restart");
            Assert.Single(subscriber.Distributions, d => d.Callback == "plain");
            Assert.DoesNotContain(subscriber.Distributions, d => d.Callback == "refuse");
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    private static List<string> Subscriptions(string data) =>
        Directory.Exists(Path.Combine(data, "websub", "subscriptions"))
            ? [.. Directory.EnumerateFiles(Path.Combine(data, "websub", "subscriptions"), "*.json", SearchOption.AllDirectories)]
            : [];

    private static Task<HttpResponseMessage> Post(HttpClient http, string hub, string mode, string topic, string callback, string? secret = null, (string, string)? extra = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("hub.mode", mode), new("hub.topic", topic), new("hub.callback", callback) };
        if (secret is not null)
        {
            fields.Add(new("hub.secret", secret));
        }

        if (extra is { } e)
        {
            fields.Add(new(e.Item1, e.Item2));
        }

        return http.PostAsync(hub, new FormUrlEncodedContent(fields));
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // the host is still starting
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out after {Patience.TotalSeconds:0} s waiting for {what}.");
    }
}
