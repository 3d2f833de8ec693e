using System.Net;
using System.Net.Sockets;

namespace Syndication.Testing;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class FreePorts
{
    /// <summary>Asks the OS for <paramref name="count"/> distinct free ports (all held open until all are chosen).</summary>
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
