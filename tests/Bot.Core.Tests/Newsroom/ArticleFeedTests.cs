using Bot.Core.Indexing;
using Bot.Core.Newsroom;
using Bot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Newsroom;

public sealed class ArticleFeedTests : IDisposable
{
    private readonly TempFolder _knowledge = new();
    private readonly TempFolder _state = new();

    public ArticleFeedTests() => SyntheticNews.WriteThreeStories(_knowledge);

    public void Dispose()
    {
        _knowledge.Dispose();
        _state.Dispose();
    }

    private ServiceProvider Services()
    {
        var settings = new Dictionary<string, string?> { ["Subscriptions:Path"] = Path.Combine(_state.Path, "newsroom.db") };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return CoreFactory.Services(_knowledge.Path, settings, configure: s => s.AddNewsroom(configuration));
    }

    private static async Task<(ArticleFeed Feed, List<NewArticles> Added)> StartFeedAsync(ServiceProvider services)
    {
        var feed = services.GetRequiredService<ArticleFeed>();
        var added = new List<NewArticles>();
        feed.Added += a =>
        {
            lock (added)
                added.Add(a);
        };
        await feed.StartAsync(CancellationToken.None);
        return (feed, added);
    }

    private static async Task ReloadAsync(ServiceProvider services)
    {
        await services.GetRequiredService<IKnowledgeStore>().LoadAsync();
        await services.GetRequiredService<IArticleFeed>().SettledAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
    }

    private void DropFile() => _knowledge.WriteJsonl("more.jsonl",
        new { id = "huawei2", title = "华为发布新款手机", date = "2024-01-09", text = "华为今天在上海发布了新款手机。新机将于下周上市。" });

    [Fact]
    public async Task FirstLoad_IsTheBaseline_ADroppedFileIsAdded_AndARescanAddsNothing()
    {
        await using var services = Services();
        var (feed, added) = await StartFeedAsync(services);

        await ReloadAsync(services);
        Assert.Empty(added);

        DropFile();
        await ReloadAsync(services);
        var only = Assert.Single(added);
        Assert.Equal(["huawei2"], only.Articles.Select(a => a.Id));
        Assert.Equal("华为今天在上海发布了新款手机。", only.Articles[0].Lead);

        await ReloadAsync(services);
        Assert.Single(added);
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Restart_WithTheSameFiles_AddsNothing_AndAFileDroppedWhileDownIsAdded()
    {
        await using (var first = Services())
        {
            var (feed, _) = await StartFeedAsync(first);
            await ReloadAsync(first);
            await feed.StopAsync(CancellationToken.None);
        }

        await using (var second = Services())
        {
            var (feed, added) = await StartFeedAsync(second);
            await ReloadAsync(second);
            Assert.Empty(added);
            await feed.StopAsync(CancellationToken.None);
        }

        DropFile();
        await using (var third = Services())
        {
            var (feed, added) = await StartFeedAsync(third);
            await ReloadAsync(third);
            Assert.Equal(["huawei2"], Assert.Single(added).Articles.Select(a => a.Id));
            await feed.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AddedArticle_OwesAPushToEachChatWhoseWordsItHas_AndToNoOther()
    {
        await using var services = Services();
        var store = services.GetRequiredService<INewsroomStore>();
        var (feed, _) = await StartFeedAsync(services);
        await ReloadAsync(services);
        await store.SubscribeAsync(1, "华为", 20);
        await store.SubscribeAsync(1, "华为 手机", 20);
        await store.SubscribeAsync(2, "熊猫", 20);
        await store.SubscribeAsync(3, "华为 熊猫", 20);

        DropFile();
        await ReloadAsync(services);

        var pending = await store.PendingAsync();
        var push = Assert.Single(pending);
        Assert.Equal((1L, "huawei2"), (push.Chat, push.Article.Id));
        await feed.StopAsync(CancellationToken.None);
    }
}
