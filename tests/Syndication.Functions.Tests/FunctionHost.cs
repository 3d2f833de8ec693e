using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Syndication.Testing;

namespace Syndication.Functions.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary>
/// The Function App's container as the worker builds it (<see cref="DependencyInjection.AddSyndicationFunctions"/>
/// over Azurite, configured through the trigger connection setting), and function classes activated from it the
/// way the worker does (constructor injection).
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public FunctionHost(AzuriteFixture azurite, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            [StorageConnection.Name] = azurite.ConnectionString,
            ["Feeds:BaseUrl"] = "https://news.example",
            ["Feeds:Title"] = "Functions test",
            // Partners in these tests listen on loopback over plain HTTP.
            ["Delivery:RequireHttps"] = "false",
            ["Delivery:AllowedNetworks:0"] = "127.0.0.0/8",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSyndicationFunctions(configuration);
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IServiceProvider Services => _provider;

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_provider);

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}
