using Bot.Core.Indexing;
using Bot.Core.Newsroom;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests.Newsroom;

/// <summary>Waits of the newsroom tests: on the knowledge and the article feed, never on the clock.</summary>
internal static class NewsroomHost
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static IKnowledgeStore Knowledge(this TelegramHost host) => host.Host.Services.GetRequiredService<IKnowledgeStore>();

    public static INewsroomStore Store(this TelegramHost host) => host.Host.Services.GetRequiredService<INewsroomStore>();

    /// <summary>Waits until the knowledge is loaded and the feed has compared every reload so far.</summary>
    public static async Task SettledAsync(this TelegramHost host)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (!host.Knowledge().IsLoaded)
            await Task.Delay(10, cts.Token);
        await host.Host.Services.GetRequiredService<IArticleFeed>().SettledAsync(cts.Token);
    }

    /// <summary>Runs <paramref name="change"/> (a file dropped, an upload) and waits until a reload has made <paramref name="articleId"/> current and the feed has compared it.</summary>
    public static async Task IndexedAsync(this TelegramHost host, string articleId, Action change)
    {
        var knowledge = host.Knowledge();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReloaded(KnowledgeSnapshot s)
        {
            if (s.Articles.Any(a => a.Id == articleId))
                seen.TrySetResult();
        }
        knowledge.Reloaded += OnReloaded;
        try
        {
            change();
            await seen.Task.WaitAsync(Bound);
        }
        finally
        {
            knowledge.Reloaded -= OnReloaded;
        }
        using var cts = new CancellationTokenSource(Bound);
        await host.Host.Services.GetRequiredService<IArticleFeed>().SettledAsync(cts.Token);
    }

    /// <summary>Sends <paramref name="command"/> from <paramref name="chat"/> and waits for the bot's reply to it.</summary>
    public static async Task<string> CommandAsync(this TelegramHost host, long chat, string command, long userId = 0, string chatType = "private")
    {
        var id = host.Api.EnqueueText(chat, command, userId, chatType);
        var calls = await host.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ReplyTo == id), Bound);
        return calls.Single(x => x.Method == "sendMessage" && x.ReplyTo == id).Text;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked each 20 ms), failing after the bound.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (!await condition())
            await Task.Delay(20, cts.Token);
    }
}
