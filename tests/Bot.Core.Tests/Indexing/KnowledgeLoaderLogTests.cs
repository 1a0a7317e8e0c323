using Bot.Core.Indexing;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeLoaderLogTests
{
    [Fact]
    public async Task Reload_OfAFolderWithManySkippedFiles_WarnsOnceWithTheFirstNames_ThenNotAgain()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", "上海的新闻\n今天上海下了雨。\n");
        for (var i = 0; i < 60; i++)
            folder.Write($"data-{i:D2}.bin", [1, 2, 3]);
        for (var i = 0; i < 5; i++)
            folder.Write($"empty-{i}.txt", "");
        var logs = new ListLoggerProvider();
        await using var services = CoreFactory.Services(folder.Path, logs: logs);
        var store = services.GetRequiredService<IKnowledgeStore>();

        var first = await store.LoadAsync();
        var firstWarnings = Warnings(logs);
        await store.LoadAsync();
        await store.LoadAsync();
        var laterWarnings = Warnings(logs).Skip(firstWarnings.Count).ToList();

        Assert.Equal(65, first.Skipped.Count);
        var warning = Assert.Single(firstWarnings);
        Assert.Contains("65 knowledge files newly skipped", warning, StringComparison.Ordinal);
        Assert.Contains("data-00.bin (unsupported file type)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("data-10.bin", warning, StringComparison.Ordinal);
        Assert.Empty(laterWarnings);
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("Read 1 articles from 1 files", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reload_WhenAFileIsNewlySkipped_NamesIt_AndNotTheOthers()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", "上海的新闻\n今天上海下了雨。\n");
        for (var i = 0; i < 20; i++)
            folder.Write($"data-{i:D2}.bin", [1, 2, 3]);
        var logs = new ListLoggerProvider();
        await using var services = CoreFactory.Services(folder.Path, logs: logs);
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        var before = Warnings(logs).Count;

        folder.Write("later.xyz", "x");
        await store.LoadAsync();

        var warning = Assert.Single(Warnings(logs).Skip(before));
        Assert.Contains("1 knowledge files newly skipped", warning, StringComparison.Ordinal);
        Assert.Contains("later.xyz", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("data-", warning, StringComparison.Ordinal);
    }

    private static List<string> Warnings(ListLoggerProvider logs) => logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList();
}
