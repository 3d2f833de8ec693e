using System.Diagnostics;
using System.Globalization;
using Syndication.Core.Entries;

namespace Syndication.Core.Tests;

/// <summary>A recovery may take over an outbox batch at once only when its owner certainly no longer runs.</summary>
public sealed class OutboxOwnerTests
{
    [Fact]
    public void IsGone_ThisProcess_False() => Assert.False(OutboxOwner.IsGone(OutboxOwner.Current));

    [Fact]
    public async Task IsGone_ProcessOnThisMachineThatExited_True()
    {
        using var child = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{child.Id}/{child.StartTime.ToUniversalTime().Ticks}");
        Assert.False(OutboxOwner.IsGone(owner), $"{owner} is still running");
        await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        child.Close(); // reaped: the pid no longer names it

        Assert.True(OutboxOwner.IsGone(owner), $"{owner} exited");
    }

    [Fact]
    public void IsGone_PidNowHeldByAProcessStartedLater_True()
    {
        var parts = OutboxOwner.Current.Split('/');
        var earlier = long.Parse(parts[2], CultureInfo.InvariantCulture) - TimeSpan.TicksPerHour;

        Assert.True(OutboxOwner.IsGone($"{parts[0]}/{parts[1]}/{earlier}"));
    }

    [Theory]
    [InlineData("another-machine/1/638000000000000000")]
    [InlineData("not an owner")]
    [InlineData("")]
    [InlineData(null)]
    public void IsGone_OwnerElsewhereOrUnreadable_False(string? owner) => Assert.False(OutboxOwner.IsGone(owner));
}
