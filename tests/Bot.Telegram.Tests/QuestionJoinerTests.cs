using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests;

public sealed class QuestionJoinerTests
{
    private const long Alice = 2002;

    [Fact]
    public async Task QuestionSplitOverTwoMessages_WithinTheWindow_IsAnsweredOnce_AsOneQuestion_AndTheNextIsAnsweredApart()
    {
        var time = new FakeTimeProvider();
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:JoinMilliseconds"] = "2000" }, time: time);
        var joiner = bot.Host.Services.GetRequiredService<QuestionJoiner>();
        var taken = 0;
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        joiner.PartTaken += () =>
        {
            var n = Interlocked.Increment(ref taken);
            (n == 2 ? two : n == 3 ? three : null)?.TrySetResult();
        };

        var first = bot.Api.EnqueueText(Alice, "南虹桥");
        bot.Api.EnqueueText(Alice, "签约了多少个项目？");
        await two.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "sendMessage");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await bot.Api.WaitForCallsAsync("editMessageReplyMarkup", 1);

        var answer = Assert.Single(bot.Api.SentMessages(Alice));
        Assert.Equal(first, answer.ReplyTo);
        Assert.Contains("19个", answer.Text);

        var later = bot.Api.EnqueueText(Alice, "金山区保障性租赁住房供应完成进度排第几？");
        await three.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(2));
        await bot.Api.WaitForCallsAsync("editMessageReplyMarkup", 2);
        Assert.Equal([first, later], bot.Api.SentMessages(Alice).Select(s => s.ReplyTo));
    }
}
