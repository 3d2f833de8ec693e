using System.Runtime.CompilerServices;
using Syndication.Core.Storage;

namespace Syndication.Testing;

/// <summary>
/// Wraps a store and fails its Nth operation after <see cref="Arm"/> (a fault, a lost reply, or a crash that fails
/// everything after it), so a test can loop N over every operation of a sequence and prove that a retry after a
/// failure at any point converges. Counts operations so the loop knows where to stop.
/// </summary>
public sealed class FaultInjectingBlobStore(IBlobStore inner) : IBlobStore
{
    private int _operations;
    private int _failAt;
    private FaultKind _kind;
    private volatile bool _crashed;

    /// <summary>Operations since the last <see cref="Arm"/> or <see cref="Disarm"/>.</summary>
    public int Operations => Volatile.Read(ref _operations);

    /// <summary>Whether the armed fault has fired.</summary>
    public bool Tripped { get; private set; }

    public IBlobStore Inner => inner;

    /// <summary>Fails the <paramref name="failAt"/>th operation from now (1-based) as <paramref name="kind"/> says.</summary>
    public void Arm(int failAt, FaultKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failAt, 1);
        _kind = kind;
        _crashed = false;
        Tripped = false;
        Interlocked.Exchange(ref _operations, 0);
        Volatile.Write(ref _failAt, failAt);
    }

    /// <summary>Stops failing (the process restarted) and resets the count.</summary>
    public void Disarm()
    {
        Volatile.Write(ref _failAt, 0);
        _crashed = false;
        Interlocked.Exchange(ref _operations, 0);
    }

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        RunAsync(() => inner.ContainerExistsAsync(container, cancellationToken), $"exists {container}");

    public Task<BlobRecord?> GetAsync(string container, string name, CancellationToken cancellationToken) =>
        RunAsync(() => inner.GetAsync(container, name, cancellationToken), $"get {container}/{name}");

    public Task<BlobRecord?> ReadAsync(string container, string name, long maxBytes, CancellationToken cancellationToken) =>
        RunAsync(() => inner.ReadAsync(container, name, maxBytes, cancellationToken), $"read {container}/{name}");

    public Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken) =>
        RunAsync(() => inner.GetPropertiesAsync(container, name, cancellationToken), $"properties {container}/{name}");

    public Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken) =>
        RunAsync(() => inner.PutAsync(container, name, content, options, cancellationToken), $"put {container}/{name}");

    public async IAsyncEnumerable<BlobProperties> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listed = await RunAsync(async () =>
        {
            var all = new List<BlobProperties>();
            await foreach (var blob in inner.ListAsync(container, prefix, cancellationToken))
            {
                all.Add(blob);
            }

            return all;
        }, $"list {container}/{prefix}");
        foreach (var blob in listed)
        {
            yield return blob;
        }
    }

    public Task<bool> DeleteAsync(string container, string name, string? ifMatch, CancellationToken cancellationToken) =>
        RunAsync(() => inner.DeleteAsync(container, name, ifMatch, cancellationToken), $"delete {container}/{name}");

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, string what)
    {
        var number = Interlocked.Increment(ref _operations);
        var failAt = Volatile.Read(ref _failAt);
        if (failAt > 0 && (_crashed || number == failAt))
        {
            if (number == failAt)
            {
                Tripped = true;
            }

            switch (_kind)
            {
                case FaultKind.Crash:
                    _crashed = true;
                    throw new InjectedFaultException($"crashed at operation {number} ({what})");
                case FaultKind.Fail when number == failAt:
                    throw new InjectedFaultException($"operation {number} failed ({what})");
                case FaultKind.LostReply when number == failAt:
                    await operation();
                    throw new InjectedFaultException($"operation {number} took effect but its reply was lost ({what})");
            }
        }

        return await operation();
    }
}
