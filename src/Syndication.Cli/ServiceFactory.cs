using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syndication.Core.Storage;
using Syndication.Hosting;

namespace Syndication.Cli;

/// <summary>Builds the pipeline's services for one command, through the shared composition root.</summary>
internal static class ServiceFactory
{
    public static ServiceProvider Build(ParseResult parse, IConfiguration configuration, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter(level => level >= (parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Information : LogLevel.Warning))
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSyndication(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        ValidateOptions(provider);
        return provider;
    }

    /// <summary>Fails fast with a readable message when configuration is invalid (what ValidateOnStart does in a host).</summary>
    public static void ValidateOptions(IServiceProvider provider)
    {
        try
        {
            foreach (var validator in provider.GetServices<IStartupValidator>())
            {
                validator.Validate();
            }
        }
        catch (OptionsValidationException ex)
        {
            throw new CliException("invalid configuration: " + string.Join("; ", ex.Failures));
        }
    }

    /// <summary>Checks that the store answers, so an unreachable account is one clear line, not a retry storm.</summary>
    public static async Task EnsureStorageReachableAsync(IServiceProvider provider, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (!storage.UsesAzure)
        {
            try
            {
                Directory.CreateDirectory(Path.GetFullPath(storage.DataRoot));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"data folder '{storage.DataRoot}' cannot be used: {ex.Message}");
            }

            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            var store = provider.GetRequiredService<IBlobStore>();
            await using var listing = store.ListAsync(Containers.Config, "", timeout.Token).GetAsyncEnumerator(timeout.Token);
            await listing.MoveNextAsync();
        }
        catch (Exception ex) when (ex is not CliException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? "no answer within 20 s" : FirstLine(ex.Message);
            throw new CliException($"storage account unreachable ({reason}). Check --connection.");
        }
    }

    /// <summary>
    /// Loads config/partners.json once before work starts: an invalid registry would hold every article back
    /// (its delivery fan-out fails and is retried), so say so up front, naming the partner and field.
    /// </summary>
    public static async Task EnsurePartnerRegistryValidAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            await provider.GetRequiredService<Syndication.Core.Delivery.PartnerRegistryProvider>().GetAsync(cancellationToken);
        }
        catch (Syndication.Core.Delivery.PartnerRegistryException ex)
        {
            throw new CliException($"config/partners.json is invalid: {ex.Message}");
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
