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
        var now = StartTicks(pid);
        return now is null || Math.Abs(now.Value - started) > TimeSpan.TicksPerSecond;
    }

    private static string Describe(string machine, int pid, long? started) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}/{pid}/{started ?? 0}");

    /// <summary>When process <paramref name="pid"/> started (UTC ticks), or null when no such process runs.</summary>
    private static long? StartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
