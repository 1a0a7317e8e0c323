using Bot.Core.Indexing;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeStoreClockTests
{
    [Fact]
    public async Task DamagedIndex_IsMovedAsideUnderTheTimeOfTheInjectedClock()
    {
        using var knowledge = new TempFolder();
        using var index = new TempFolder();
        knowledge.Write("a.txt", "甲标题\n甲文章说的是青浦区的新桥。\n");
        var settings = new Dictionary<string, string?> { ["Knowledge:IndexPath"] = index.Path };
        await using (var first = await CoreFactory.LoadedAsync(knowledge.Path, settings))
        {
        }
        var segments = Directory.GetFiles(index.Path, "segments_*").Order().Last();
        using (var stream = File.OpenWrite(segments))
            stream.SetLength(new FileInfo(segments).Length / 2);
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));

        await using var services = await CoreFactory.LoadedAsync(knowledge.Path, settings, time: time);

        Assert.Equal(Path.Combine(index.Path, "broken-20310506-070809"), Assert.Single(Directory.GetDirectories(index.Path, "broken-*")));
        Assert.Single(services.GetRequiredService<IKnowledgeStore>().Current.Articles);
    }
}
