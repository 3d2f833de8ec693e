using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Syndication.Cli;

/// <summary>Options every command accepts, and the configuration they produce.</summary>
internal static class GlobalOptions
{
    public static Option<string> Data { get; } = new("--data")
    {
        Description = "Data folder of the embedded store (containers and queues)",
        DefaultValueFactory = _ => "./data",
        Recursive = true,
    };

    public static Option<string?> Connection { get; } = new("--connection")
    {
        Description = "Azure Storage connection string (e.g. UseDevelopmentStorage=true); selects the Azure adapter",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log pipeline steps to stderr",
        Recursive = true,
    };

    /// <summary>Environment variables (<c>Section__Key</c>) overlaid with the command line.</summary>
    public static IConfiguration BuildConfiguration(ParseResult parse, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataRoot"] = parse.GetValue(Data),
        };
        var connection = parse.GetValue(Connection);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            values["Storage:ConnectionString"] = connection;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(values)
            .Build();
    }
}
