using System.Diagnostics;
using Xunit.Abstractions;

namespace Bot.Telegram.Tests;

/// <summary>Many chats asking at once through the real host and client: every question gets exactly one answer, in order.</summary>
public sealed class LoadCheckTests(ITestOutputHelper output)
{
    private static readonly string[] Questions =
    [
        "华为青浦研发中心建得怎么样了？",
        "国产首艘大型邮轮交付了吗？",
        "金山区保障性租赁住房供应完成进度排第几？",
        "上海交通大学副校长是谁？",
    ];

    [Fact]
    public async Task ManyChatsAtOnce_EveryQuestionAnsweredOnceAndInOrder()
    {
        const int chats = 50;
        await using var bot = await TelegramHost.StartAsync();
        var asked = new Dictionary<int, (long Chat, int Turn)>();
        var watch = Stopwatch.StartNew();
        for (var turn = 0; turn < Questions.Length; turn++)
        {
            for (var chat = 1; chat <= chats; chat++)
                asked[bot.Api.EnqueueText(10_000 + chat, Questions[turn])] = (10_000 + chat, turn);
        }

        var replies = await bot.Api.WaitForCallsAsync("sendMessage", asked.Count, TimeSpan.FromSeconds(120));
        var elapsed = watch.Elapsed;

        Assert.Equal(asked.Count, replies.Count);
        Assert.Equal(asked.Keys.Order(), replies.Select(r => r.ReplyTo!.Value).Order());
        foreach (var group in replies.GroupBy(r => r.ChatId))
        {
            var turns = group.Select(r => asked[r.ReplyTo!.Value].Turn).ToList();
            Assert.Equal(turns.Order(), turns);
        }
        output.WriteLine($"{replies.Count} answers to {chats} chats in {elapsed.TotalMilliseconds:F0} ms: {replies.Count / elapsed.TotalSeconds:F0} answers/s");
    }
}
