using System.ComponentModel.DataAnnotations;

namespace Syndication.Core.WebSub;

/// <summary>Configuration section <c>Hub</c>: leases and limits of the built-in WebSub hub.</summary>
public sealed class HubOptions : IValidatableObject
{
    public const string SectionName = "Hub";

    /// <summary>Lease when the subscriber asks for none.</summary>
    public TimeSpan DefaultLease { get; set; } = TimeSpan.FromDays(10);

    /// <summary>Shorter requested leases are raised to this.</summary>
    public TimeSpan MinLease { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longer requested leases are cut to this.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Subscriptions whose callbacks are on one host; more are refused with 429.</summary>
    [Range(1, 10_000_000)]
    public int MaxSubscriptionsPerHost { get; set; } = 1_000;

    /// <summary>Subscriptions in all; more are refused with 429.</summary>
    [Range(1, 10_000_000)]
    public int MaxSubscriptions { get; set; } = 10_000;

    /// <summary>Callbacks one distribution posts to at once (a slow callback holds one of these, not the rest).</summary>
    [Range(1, 4_096)]
    public int MaxParallelDistributions { get; set; } = 64;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinLease < TimeSpan.FromSeconds(1) || MinLease > DefaultLease || DefaultLease > MaxLease || MaxLease > TimeSpan.FromDays(365))
        {
            yield return new ValidationResult(
                $"Hub leases must satisfy 1 s <= MinLease <= DefaultLease <= MaxLease <= 365 days (got {MinLease}, {DefaultLease}, {MaxLease}).",
                [nameof(MinLease), nameof(DefaultLease), nameof(MaxLease)]);
        }
    }

    /// <summary>The lease granted for a requested number of seconds (null: the default).</summary>
    public TimeSpan Lease(long? requestedSeconds)
    {
        if (requestedSeconds is not { } seconds || seconds <= 0)
        {
            return DefaultLease;
        }

        var requested = seconds >= (long)MaxLease.TotalSeconds ? MaxLease : TimeSpan.FromSeconds(seconds);
        return requested < MinLease ? MinLease : requested;
    }
}
