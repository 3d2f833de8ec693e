using Microsoft.AspNetCore.Http;
using Syndication.Core.WebSub;

namespace Syndication.Operator;

/// <summary>Removes one WebSub subscription (the subscriber is not told; it stops receiving distributions).</summary>
internal sealed class DropSubscriptionAction(HubSubscriptionStore subscriptions) : IOperatorAction
{
    public const string ActionName = "drop-subscription";

    public string Name => ActionName;

    public async Task<string> ExecuteAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var key = form["key"].ToString();
        if (!HubSubscriptionStore.IsKey(key))
        {
            return "No such subscription.";
        }

        var existing = await subscriptions.GetAsync(key, cancellationToken);
        return existing is not null && await subscriptions.DeleteAsync(key, cancellationToken)
            ? $"Dropped the subscription of {existing.Value.Subscription.Callback} to feeds/{existing.Value.Subscription.FeedName}."
            : "No such subscription (already dropped or expired).";
    }
}
