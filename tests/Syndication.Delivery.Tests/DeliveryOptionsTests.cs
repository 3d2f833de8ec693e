using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Syndication.Core.Delivery;

namespace Syndication.Delivery.Tests;

public class DeliveryOptionsTests
{
    private static DeliveryOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSyndicationDelivery(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }

    [Fact]
    public void Bind_NothingConfigured_UsesArchitectureDefaults()
    {
        var options = Bind([]);

        Assert.Equal(
            ["00:00:00", "00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "10:00:00"],
            options.RetrySchedule.Select(t => t.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.True(options.RequireHttps);
        Assert.Empty(options.AllowedNetworks);
    }

    [Fact]
    public void Bind_CommaSeparatedSchedule_ReplacesDefault()
    {
        var options = Bind(new() { ["Delivery:RetrySchedule"] = "00:00:00, 00:00:01, 00:00:02" });

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], options.RetrySchedule);
    }

    [Fact]
    public void Bind_IndexedScheduleAndNetworks_ReplaceDefaults()
    {
        var options = Bind(new()
        {
            ["Delivery:RetrySchedule:0"] = "00:00:00",
            ["Delivery:RetrySchedule:1"] = "00:01:00",
            ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Delivery:AllowedNetworks:1"] = "10.1.0.0/16",
            ["Delivery:RequireHttps"] = "false",
            ["Delivery:Timeout"] = "00:00:03",
        });

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(1)], options.RetrySchedule);
        Assert.Equal(["127.0.0.0/8", "10.1.0.0/16"], options.AllowedNetworks);
        Assert.False(options.RequireHttps);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
    }

    [Theory]
    [InlineData("Delivery:AllowedNetworks:0", "10.0.0.0/99", "10.0.0.0/99")]
    [InlineData("Delivery:Timeout", "-00:00:01", "Delivery:Timeout")]
    [InlineData("Delivery:Jitter", "3", "Delivery:Jitter")]
    public void Bind_InvalidValue_FailsNamingTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextDelay_RetryAfterOn429_WinsOverShorterSchedule()
    {
        var options = new DeliveryOptions { Jitter = 0 };

        var delay = DeliveryQueueHandler.NextDelay(options, TimeSpan.FromMilliseconds(50), new WebhookResponse(429, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        var ignored = DeliveryQueueHandler.NextDelay(options, TimeSpan.FromMilliseconds(50), new WebhookResponse(500, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        var capped = DeliveryQueueHandler.NextDelay(options, TimeSpan.Zero, new WebhookResponse(503, TimeSpan.Zero, TimeSpan.FromDays(30)));

        Assert.Equal(TimeSpan.FromSeconds(2), delay);
        Assert.Equal(TimeSpan.FromMilliseconds(50), ignored);
        Assert.Equal(options.MaxRetryAfter, capped);
    }

    [Fact]
    public void NextDelay_WithJitter_StaysWithinTheFraction()
    {
        var options = new DeliveryOptions { Jitter = 0.1 };
        var delays = Enumerable.Range(0, 200).Select(_ => DeliveryQueueHandler.NextDelay(options, TimeSpan.FromMinutes(5), new WebhookResponse(500, TimeSpan.Zero))).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5)));
        Assert.True(delays.Distinct().Count() > 10, "jitter should spread the delays");
    }
}
