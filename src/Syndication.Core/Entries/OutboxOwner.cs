using System.Diagnostics;
using System.Globalization;

namespace Syndication.Core.Entries;

/// <summary>
/// Who writes an <see cref="OutboxBatch"/>: machine, process id and process start time, so a recovery on the same machine
/// can tell a dead owner (killed, crashed) from a live one without waiting out <see cref="EntryJournal.InFlightGrace"/>.
/// </summary>
internal static class OutboxOwner
{
    public static string Current { get; } = Describe(Environment.MachineName, Environment.ProcessId, StartTicks(Environment.ProcessId));

    /// <summary>
    /// True only when <paramref name="owner"/> certainly no longer runs: it ran on this machine and its process is gone,
    /// or its process id now belongs to a process started at another time. An owner on another machine, or one that
    /// cannot be read, is not known to be gone (its batch waits for <see cref="EntryJournal.InFlightGrace"/>). This
    /// process is never gone: the journal knows its own live batches.
    /// </summary>
    public static bool IsGone(string? owner)
    {
        var parts = owner?.Split('/') ?? [];
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        if (owner == Current)
        {
            return false;
        }

        // A start time is worked out from the boot time, which the runtime derives afresh each time: allow a second.
        return Probe(pid) switch
        {
            (false, _) => true,
            (true, { } now) => started != 0 && Math.Abs(now - started) > TimeSpan.TicksPerSecond,
            _ => false, // running, but its start time cannot be read: not known to be gone
        };
    }

    private static string Describe(string machine, int pid, long? started) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}/{pid}/{started ?? 0}");

    private static long? StartTicks(int pid) => Probe(pid).StartTicks;

    /// <summary>Whether process <paramref name="pid"/> runs, and when it started (UTC ticks) if that can be read.</summary>
    private static (bool Running, long? StartTicks) Probe(int pid)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return (false, null); // no such process
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            return (true, null); // cannot tell: treated as running
        }

        using (process)
        {
            try
            {
                return (true, process.StartTime.ToUniversalTime().Ticks);
            }
            catch (InvalidOperationException)
            {
                return (false, null); // exited meanwhile
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or NotSupportedException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                return (true, null);
            }
        }
    }
}
