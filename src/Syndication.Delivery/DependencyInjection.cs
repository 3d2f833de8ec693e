using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Delivery;
using Syndication.Core.Entries;
using Syndication.Core.Queues;
using Syndication.Core.WebSub;

namespace Syndication.Delivery;

/// <summary>Registers partner delivery: registry, signing, SSRF-safe HttpClient, delivery queue handler.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DeliveryOptions.SectionName);
        services.AddOptions<DeliveryOptions>()
            .Configure(o => Bind(section, o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<PartnerRegistryProvider>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<WebhookPayload>();
        services.AddSingleton<DeliveryAdmin>();
        services.TryAddSingleton<IWebhookSender>(sp => new HttpWebhookSender(
            HttpWebhookSender.CreateClient(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value),
            sp.GetRequiredService<IOptions<DeliveryOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HttpWebhookSender>>()));

        // The WebSub hub's callbacks go through the same SSRF guard, with a client of their own.
        services.TryAddSingleton<IHubCallbackClient>(sp => new HttpHubCallbackClient(
            HttpWebhookSender.CreateClient(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value),
            sp.GetRequiredService<IOptions<DeliveryOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HttpHubCallbackClient>>()));

        services.AddSingleton<DeliveryFanOut>();
        services.AddSingleton<IEntryChangeHandler>(sp => sp.GetRequiredService<DeliveryFanOut>());
        services.AddSingleton<DeliveryQueueHandler>();
        services.AddSingleton<IQueueWorkHandler>(sp => sp.GetRequiredService<DeliveryQueueHandler>());
        return services;
    }

    /// <summary>
    /// Binds the section by hand: the retry schedule may be one comma-separated value (as documented) or a list
    /// (<c>RetrySchedule__0</c>…), and the default lists must be replaced rather than appended to.
    /// </summary>
    public static void Bind(IConfigurationSection section, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        if (List(section, nameof(DeliveryOptions.RetrySchedule)) is { } schedule)
        {
            options.RetrySchedule = [.. schedule.Select(s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) ? t
                : throw new OptionsValidationException(DeliveryOptions.SectionName, typeof(DeliveryOptions), [$"Delivery:RetrySchedule entry '{s}' is not a time span such as 00:05:00."]))];
        }

        if (List(section, nameof(DeliveryOptions.AllowedNetworks)) is { } networks)
        {
            options.AllowedNetworks = networks;
        }

        options.Timeout = section.GetValue(nameof(DeliveryOptions.Timeout), options.Timeout);
        options.RequireHttps = section.GetValue(nameof(DeliveryOptions.RequireHttps), options.RequireHttps);
        options.Jitter = section.GetValue(nameof(DeliveryOptions.Jitter), options.Jitter);
        options.DisablePartnerAfter = section.GetValue(nameof(DeliveryOptions.DisablePartnerAfter), options.DisablePartnerAfter);
        options.MaxRetryAfter = section.GetValue(nameof(DeliveryOptions.MaxRetryAfter), options.MaxRetryAfter);
        options.MaxParallelAttempts = section.GetValue(nameof(DeliveryOptions.MaxParallelAttempts), options.MaxParallelAttempts);
    }

    private static List<string>? List(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        var children = child.GetChildren().Where(c => c.Value is not null).OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value!).ToList();
        if (children.Count > 0)
        {
            return children;
        }

        return child.Value is { } single
            ? [.. single.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : null;
    }

    private sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
    {
        public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
