using System.Runtime.InteropServices;

namespace Syndication.Benchmarks;

/// <summary>
/// CPU time (user + system) used by this process's finished children, from <c>getrusage(RUSAGE_CHILDREN)</c> on Linux:
/// the difference around one child's run is that run's CPU seconds, which stay comparable when one side uses more
/// cores than the other or the machine is busy. Null elsewhere.
/// </summary>
public static partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct rusage on 64-bit Linux: two struct timeval (seconds, microseconds) for user and system time, then 14 longs.
        Span<long> usage = stackalloc long[18];
        unsafe
        {
            fixed (long* pointer = usage)
            {
                if (GetResourceUsage(RusageChildren, pointer) != 0)
                {
                    return null;
                }
            }
        }

        return TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static unsafe partial int GetResourceUsage(int who, long* usage);
}
