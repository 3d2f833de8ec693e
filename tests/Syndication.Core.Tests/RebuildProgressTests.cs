using Syndication.Core.Publishing;

namespace Syndication.Core.Tests;

public sealed class RebuildProgressTests
{
    [Fact]
    public async Task RebuildAsync_WithProgress_ReportsEveryPhaseUpToItsTotal()
    {
        using var harness = new PublishingHarness(headSize: 10);
        for (var n = 1; n <= 40; n++)
        {
            await harness.SeedAsync(PublishingHarness.Numbered(n));
        }

        var reports = new List<RebuildProgress>();
        await harness.Publisher.RebuildAsync(CancellationToken.None, new SyncProgress(reports));

        var last = reports.GroupBy(r => r.Phase).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Done)!);
        Assert.Equal(["reading entries", "writing feeds", "writing entry locators"], last.Keys);
        Assert.Equal(new RebuildProgress("reading entries", 40, 40), last["reading entries"]);
        Assert.Equal(last["writing feeds"].Total, last["writing feeds"].Done);
        Assert.Equal(new RebuildProgress("writing entry locators", 40, 40), last["writing entry locators"]);
    }

    private sealed class SyncProgress(List<RebuildProgress> reports) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
