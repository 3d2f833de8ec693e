using Microsoft.Extensions.DependencyInjection;

namespace Syndication.Operator;

/// <summary>Registers the operator page's sections and actions (and anti-forgery).</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddSyndicationOperator(this IServiceCollection services)
    {
        services.AddAntiforgery(o => o.Cookie.Name = "syndication-operator");
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IOperatorSection, MassDeleteBannerSection>();
        services.AddSingleton<IOperatorAction, AllowMassDeleteAction>();
        services.AddSingleton<IOperatorSection, ParkedMessagesBannerSection>();
        services.AddSingleton<IOperatorAction, RetryParkedAction>();
        services.AddSingleton<IOperatorSection, ArticlesSection>();
        services.AddSingleton<IOperatorSection, QuarantineSection>();
        services.AddSingleton<IOperatorAction, RetryQuarantineAction>();
        services.AddSingleton<IOperatorSection, DeliveriesSection>();
        services.AddSingleton<IOperatorSection, PartnersSection>();
        services.AddSingleton<IOperatorArticleDetail, ArticleDeliveriesDetail>();
        services.AddSingleton<IOperatorAction, ReplayDeliveryAction>();
        services.AddSingleton<IOperatorAction, PingPartnerAction>();
        services.AddSingleton<IOperatorSection, WebSubSection>();
        services.AddSingleton<IOperatorAction, DropSubscriptionAction>();
        return services;
    }
}
