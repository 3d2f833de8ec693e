using System.Runtime.InteropServices;

namespace Syndication.Extraction.Tests;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike wall clock, other processes and
/// other tests running at the same time on a busy CI machine barely move it, so a tight bound on it does not flake.
/// Null where it cannot be read.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<long> time = stackalloc long[2]; // struct timespec on 64-bit Linux: seconds, nanoseconds
        unsafe
        {
            fixed (long* pointer = time)
            {
                if (ClockGetTime(ClockThreadCpuTimeId, pointer) != 0)
                {
                    return null;
                }
            }
        }

        return TimeSpan.FromSeconds(time[0]) + TimeSpan.FromTicks(time[1] / 100);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static unsafe partial int ClockGetTime(int clock, long* time);
}
