using Microsoft.Extensions.DependencyInjection;
using Syndication.Core.Delivery;
using Syndication.Testing;

namespace Syndication.Delivery.Tests;

/// <summary>The sender refuses non-global targets unless allow-listed, judged on the address actually connected to.</summary>
public class SsrfTests
{
    private static DeliveryHarness Harness(string? allowed = null, bool requireHttps = false) => new(new Dictionary<string, string?>
    {
        ["Delivery:AllowedNetworks:0"] = allowed ?? "",
        ["Delivery:RequireHttps"] = requireHttps ? "true" : "false",
        ["Delivery:Timeout"] = "00:00:30",
    });

    private static Task<WebhookResponse> SendAsync(DeliveryHarness harness, Uri url, string? secret = null) =>
        harness.Services.GetRequiredService<IWebhookSender>().SendAsync(
            new WebhookRequest(url, "msg_test", "{}", [secret ?? WebhookSecret.Generate()]), CancellationToken.None);

    [Fact]
    public async Task Send_LoopbackNotAllowListed_RefusedBeforeAnyRequest()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = Harness();

        var response = await SendAsync(harness, partner.Url);

        Assert.Null(response.StatusCode);
        Assert.StartsWith("refused", response.Error, StringComparison.Ordinal);
        Assert.Empty(partner.Received);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task Send_LoopbackLiteralNotAllowListed_Refused(string host)
    {
        await using var harness = Harness();

        var response = await SendAsync(harness, new Uri($"http://{host}:{PartnerServer.FreePort()}/hooks"));

        Assert.True(response.Error?.StartsWith("refused", StringComparison.Ordinal) == true, $"{host}: {response.StatusCode} {response.Error}");
    }

    [Fact]
    public async Task Send_HostNameResolvingToLoopback_Refused()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = Harness();

        var response = await SendAsync(harness, new Uri($"http://localhost:{partner.Port}/hooks"));

        Assert.StartsWith("refused", response.Error, StringComparison.Ordinal);
        Assert.Empty(partner.Received);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("http://172.16.5.4/hooks")]
    [InlineData("http://192.168.1.1/hooks")]
    [InlineData("http://100.64.0.1/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[fe80::1]/hooks")]
    [InlineData("http://[fd00::1]/hooks")]
    [InlineData("http://[::ffff:10.0.0.1]/hooks")]
    public async Task Send_NonGlobalAddress_Refused(string url)
    {
        await using var harness = Harness("127.0.0.0/8");

        var response = await SendAsync(harness, new Uri(url));

        Assert.True(response.Error?.StartsWith("refused", StringComparison.Ordinal) == true, $"{url}: {response.StatusCode} {response.Error}");
    }

    [Fact]
    public async Task Send_AllowListedLoopback_Delivered()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = Harness("127.0.0.1/32");

        var response = await SendAsync(harness, partner.Url, partner.Secret);

        Assert.Equal(200, response.StatusCode);
        Assert.Single(partner.Received);
    }

    [Fact]
    public async Task Send_HttpWhileHttpsRequired_Refused()
    {
        await using var partner = await PartnerServer.StartAsync();
        await using var harness = Harness("127.0.0.0/8", requireHttps: true);

        var response = await SendAsync(harness, partner.Url);

        Assert.Contains("RequireHttps", response.Error, StringComparison.Ordinal);
        Assert.Empty(partner.Received);
    }
}
