using System.Net;

namespace Syndication.Core.Delivery;

/// <summary>Configuration section <c>Delivery</c>: retry schedule, timeout and SSRF rules for partner webhooks.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>The schedule of ARCHITECTURE.md: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetrySchedule { get; } =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>Delay before each attempt (the first is normally zero); after the last attempt fails, dead letter.</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule { get; set; } = DefaultRetrySchedule;

    /// <summary>Per attempt, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Refuse <c>http://</c> partner URLs.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>CIDRs allowed although not globally routable (tests: <c>127.0.0.0/8</c>).</summary>
    public IReadOnlyList<string> AllowedNetworks { get; set; } = [];

    /// <summary>Each retry delay is spread by up to ± this fraction, so retries of many deliveries do not arrive together.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>A partner that has not accepted anything for this long while a delivery keeps failing is disabled.</summary>
    public TimeSpan DisablePartnerAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound for a partner's <c>Retry-After</c>, so a typo on their side cannot park a delivery for months.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Deliveries attempted at once by one queue handler batch.</summary>
    public int MaxParallelAttempts { get; set; } = 32;

    /// <summary>The <see cref="AllowedNetworks"/> parsed; throws <see cref="FormatException"/> naming a bad entry.</summary>
    public IReadOnlyList<IPNetwork> ParseAllowedNetworks() =>
        [.. AllowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => IPNetwork.TryParse(n.Trim(), out var network)
            ? network
            : IPAddress.TryParse(n.Trim(), out var single) ? new IPNetwork(single, single.GetAddressBytes().Length * 8)
            : throw new FormatException($"Delivery:AllowedNetworks entry '{n}' is not a CIDR such as 127.0.0.0/8."))];

    /// <summary>Problems that make these options unusable, each naming the key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RetrySchedule.Count == 0)
        {
            errors.Add("Delivery:RetrySchedule must list at least one delay (the first attempt).");
        }

        if (RetrySchedule.Any(d => d < TimeSpan.Zero))
        {
            errors.Add("Delivery:RetrySchedule delays must not be negative.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Delivery:Timeout must be between 0 and 10 minutes (got {Timeout}).");
        }

        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter))
        {
            errors.Add($"Delivery:Jitter must be between 0 and 1 (got {Jitter}).");
        }

        if (DisablePartnerAfter <= TimeSpan.Zero)
        {
            errors.Add("Delivery:DisablePartnerAfter must be positive.");
        }

        if (MaxParallelAttempts is < 1 or > 1024)
        {
            errors.Add("Delivery:MaxParallelAttempts must be between 1 and 1024.");
        }

        try
        {
            _ = ParseAllowedNetworks();
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }
}
