using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syndication.Hosting;

namespace Syndication.Core.Tests;

/// <summary>
/// Several pipeline hosts on one configuration (one storage account), as several <c>run</c> processes or Function App
/// instances share one; disposing disposes every host.
/// </summary>
public sealed class SharedAccountHosts : IReadOnlyList<ServiceProvider>, IAsyncDisposable
{
    private readonly List<ServiceProvider> _hosts;

    private SharedAccountHosts(List<ServiceProvider> hosts) => _hosts = hosts;

    public int Count => _hosts.Count;

    public ServiceProvider this[int index] => _hosts[index];

    public static SharedAccountHosts Start(IConfiguration configuration, int count) =>
        new([.. Enumerable.Range(0, count).Select(_ =>
        {
            var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddSyndication(configuration);
            return services.BuildServiceProvider();
        })]);

    public IEnumerator<ServiceProvider> GetEnumerator() => _hosts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }
}
