using Bot.Core.Inbox;
using Bot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests.Inbox;

public sealed class InboxDailyTests : IDisposable
{
    private const long Admin = 1001;
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    private string InboxPath => Path.Combine(_state.Path, "inbox.db");

    private Dictionary<string, string?> Settings() => new()
    {
        ["Telegram:AdminUserIds:0"] = Admin.ToString(),
        ["Telegram:KeepQuestions"] = "true",
        // The clock jumps while a send is in flight: the send's give-up time must lie beyond the jumps.
        ["Telegram:SendRetrySeconds"] = "3600",
        ["Knowledge:Watch"] = "false",
        ["Feedback:InboxTime"] = "09:00",
        ["Inbox:Path"] = InboxPath,
    };

    private static Task AskedAsync(TelegramHost host, TimeProvider time, long chat, string question) => AskedAtAsync(host, time.GetUtcNow(), chat, question);

    private static Task AskedAtAsync(TelegramHost host, DateTimeOffset at, long chat, string question) =>
        host.Host.Services.GetRequiredService<IInboxStore>().AddAsync(new InboxItem(chat, null, 5, at, "AbsentName", question, QuestionWords.Of(question)));

    private static List<RecordedCall> ToAdmin(TelegramHost host) => [.. host.Api.SentMessages(Admin)];

    // Whether the daily message of day has been decided (claimed) in the inbox file.
    private bool Decided(DateOnly day)
    {
        using var connection = new SqliteConnection($"Data Source={InboxPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT COUNT(*) FROM daily WHERE day = $day";
        select.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return (long)select.ExecuteScalar()! > 0;
    }

    [Fact]
    public async Task DailyInbox_AMissedDaysMessage_LeavesAQuestionAskedAfterItsClaimToTheNextOne()
    {
        // Yesterday's message, missed, is decided at start (08:30 in Shanghai). A question asked while it is decided is
        // today's: it was in yesterday's message when the store was read after it was asked (one CI run in many).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 30, 0, TimeSpan.Zero));
        await using var host = await TelegramHost.StartAsync(settings: Settings(), time: time);
        await AskedAtAsync(host, time.GetUtcNow().AddSeconds(1), 2002, "望川市的地铁什么时候开通？");
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => Decided(new DateOnly(2026, 12, 2)));

        await time.AdvanceUntilAsync(TimeSpan.FromMinutes(1), () => ToAdmin(host).Count >= 2);

        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero), $"sent at {time.GetUtcNow():u}, before 09:00 in Shanghai");
        Assert.StartsWith("每日收件箱：1 个新问题，共 1 组", ToAdmin(host)[0].Text);
    }

    [Fact]
    public async Task DailyInbox_IsSentToTheAdminsAtItsTime_NotBefore_NotAgainAfterARestart_AndNotOnADayWithNothingNew()
    {
        // 08:30 in Shanghai (UTC+8), the answering time zone.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 30, 0, TimeSpan.Zero));
        var nine = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);
        await using (var host = await TelegramHost.StartAsync(settings: Settings(), time: time))
        {
            // At start, yesterday's message (missed while the bot was down) is decided: nothing was in the inbox.
            await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => Decided(new DateOnly(2026, 12, 2)));
            await AskedAsync(host, time, 2002, "望川市的地铁什么时候开通？");
            await AskedAsync(host, time, 2003, "望川市地铁什么时候开通");

            await time.AdvanceUntilAsync(TimeSpan.FromMinutes(1), () => ToAdmin(host).Count >= 2);

            Assert.True(time.GetUtcNow() >= nine, $"sent at {time.GetUtcNow():u}, before 09:00 in Shanghai");
            var sent = ToAdmin(host);
            Assert.Equal(2, sent.Count);
            Assert.StartsWith("每日收件箱：2 个新问题，共 1 组", sent[0].Text);
            Assert.StartsWith("望川市地铁什么时候开通\n2 次 · 2 个聊天", sent[1].Text);
            Assert.Equal(["答复", "忽略"], sent[1].Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray().Select(b => b!["text"]!.GetValue<string>()));
        }

        // A restart the same day sends nothing again; the next day nothing is new, so nothing is sent; a question asked
        // after that is in the message of the day after.
        await using (var host = await TelegramHost.StartAsync(settings: Settings(), time: time))
        {
            await time.AdvanceUntilAsync(TimeSpan.FromMinutes(10), () => Decided(new DateOnly(2026, 12, 4)), maxSteps: 500);
            await AskedAsync(host, time, 2004, "曼西市的新机场建在哪里？");

            await time.AdvanceUntilAsync(TimeSpan.FromMinutes(10), () => ToAdmin(host).Count >= 3, maxSteps: 500);

            Assert.True(time.GetUtcNow() >= nine.AddDays(2), $"sent at {time.GetUtcNow():u}");
            var sent = ToAdmin(host);
            Assert.StartsWith("每日收件箱：1 个新问题，共 2 组", sent[0].Text);
            Assert.StartsWith("曼西市", sent[1].Text);
            Assert.Equal(3, sent.Count);
        }
    }
}
