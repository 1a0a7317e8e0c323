using Bot.Core.Answering;

namespace Bot.Core.Tests.Answering;

public sealed class LatestTextTests
{
    [Fact]
    public async Task ReadAll_ReaderThatFallsBehind_GetsTheNewestTextOnly()
    {
        var latest = new LatestText();
        latest.Report("华");
        latest.Report("华为");
        latest.Report("华为青浦");
        latest.Complete();

        var read = new List<string>();
        await foreach (var text in latest.ReadAllAsync())
            read.Add(text);

        Assert.Equal(["华为青浦"], read);
    }

    [Fact]
    public void Report_NeverWaitsForTheReader()
    {
        var latest = new LatestText();

        // Nobody reads: a thousand reports still return at once (a bounded channel that waited would block here).
        for (var i = 0; i < 1000; i++)
            latest.Report(new string('字', i));
    }
}
