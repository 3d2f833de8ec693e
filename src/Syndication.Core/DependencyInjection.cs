using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Entries;
using Syndication.Core.Ingest;
using Syndication.Core.Operations;
using Syndication.Core.Pipeline;
using Syndication.Core.Publishing;
using Syndication.Core.Queues;
using Syndication.Core.Reconcile;
using Syndication.Core.Stories;
using Syndication.Core.WebSub;

namespace Syndication.Core;

/// <summary>Registers the model, handlers and options of Core. Adapters and libraries register the ports.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedsOptions>().Bind(configuration.GetSection(FeedsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        // Checked by build-time generated code, the same validator the extract command uses without a container.
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<EntryRepository>();
        services.AddSingleton<EntryIdResolver>();
        services.AddSingleton<EntryJournal>();
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<IngestHandler>();
        services.AddSingleton<ReconcileHandler>();
        services.AddSingleton<MassDeleteGuard>();
        services.AddSingleton<PublishHandler>();
        services.AddSingleton<FeedDocumentStore>();
        services.AddSingleton<FeedLinksGuard>();
        services.TryAddSingleton<IFeedPublisher, ArchivingFeedPublisher>();
        services.AddSingleton<QueueDrainer>();
        services.AddSingleton<PoisonReconciler>();
        services.AddSingleton<PoisonLedger>();
        services.AddSingleton<PipelineRunner>();
        services.AddSingleton<ArticleStatusQuery>();
        services.AddSingleton<QuarantineRetry>();

        services.AddSingleton<IEntryChangeHandler, PublishEnqueuer>();
        services.AddSingleton<StoryIndex>();
        // The linker rewrites siblings through the journal, which runs the linker: resolved on use to break the cycle.
        services.AddSingleton<IEntryChangeHandler>(sp => new StoryLinker(sp.GetRequiredService<StoryIndex>(), sp.GetRequiredService<EntryJournal>, sp.GetRequiredService<ILogger<StoryLinker>>()));
        services.AddSingleton<IQueueWorkHandler, PublishQueueHandler>();
        return services;
    }

    /// <summary>
    /// The built-in WebSub hub: subscriptions, verification and distribution off the <c>websub</c> queue. Needs an
    /// <see cref="IHubCallbackClient"/> and the Delivery options (Syndication.Delivery registers both).
    /// </summary>
    public static IServiceCollection AddSyndicationHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HubSubscriptionStore>();
        services.AddSingleton<HubRequestHandler>();
        services.AddSingleton<HubVerifier>();
        services.AddSingleton<HubDistributor>();
        services.AddSingleton<IQueueWorkHandler, HubQueueHandler>();
        services.AddSingleton<IFeedChangeNotifier, HubFeedChangeNotifier>();
        return services;
    }
}
