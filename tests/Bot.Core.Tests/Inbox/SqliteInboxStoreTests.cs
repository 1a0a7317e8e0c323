using Bot.Core.Inbox;
using Bot.Core.Options;
using Bot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Inbox;

public sealed class SqliteInboxStoreTests
{
    private static SqliteInboxStore Open(string path, TimeProvider time, int maxItems = 10_000, int retentionDays = 90, ILogger<SqliteInboxStore>? logger = null) => new(
        Microsoft.Extensions.Options.Options.Create(new InboxOptions { Path = path, MaxItems = maxItems, RetentionDays = retentionDays, MaxCurated = 3 }),
        Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions()), time, logger);

    private static InboxItem Item(FakeTimeProvider time, long chat, string? question, string words, string reason = "NoPassage") =>
        new(chat, null, 1, time.GetUtcNow(), reason, question, words);

    [Fact]
    public async Task Groups_MergeQuestionsWithTheSameWords_CountThem_AndListTheNewestFirst()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        using var store = Open("memory", time);
        await store.AddAsync(Item(time, 1, "望川市的地铁什么时候开通？", QuestionWords.Of("望川市的地铁什么时候开通？"), "AbsentName"));
        time.Advance(TimeSpan.FromMinutes(1));
        await store.AddAsync(Item(time, 2, null, QuestionWords.Of("华为发布了什么"), "NoPassage"));
        time.Advance(TimeSpan.FromMinutes(1));
        await store.AddAsync(Item(time, 3, "望川市地铁什么时候开通", QuestionWords.Of("望川市地铁什么时候开通"), "AbsentName"));
        await store.AddAsync(Item(time, 3, null, QuestionWords.Of("望川市的地铁什么时候开通？"), InboxItem.Disliked));

        var groups = await store.GroupsAsync(10);

        Assert.NotNull(groups);
        Assert.Equal(2, groups.Count);
        var metro = groups[0];
        Assert.Equal(3, metro.Count);
        Assert.Equal(2, metro.Chats);
        Assert.Equal("望川市地铁什么时候开通", metro.Question);
        Assert.Equal(("AbsentName", 2), metro.Reasons[0]);
        Assert.Equal(1, groups[1].Count);
        Assert.Null(groups[1].Question);
        Assert.Equal(1, await store.DismissAsync(groups[1].Id));
        Assert.Single((await store.GroupsAsync(10))!);
    }

    [Fact]
    public async Task Items_AreBoundedByCountAndAge()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        using var folder = new TempFolder();
        using var store = Open(Path.Combine(folder.Path, "inbox.db"), time, maxItems: 10, retentionDays: 7);
        await store.AddAsync(Item(time, 1, "老问题", "老 问题"));
        time.Advance(TimeSpan.FromDays(8));
        for (var i = 0; i < 60; i++)
            await store.AddAsync(Item(time, 1, $"问题{i}", $"问题{i}"));

        var items = await store.ItemsAsync(1000);

        // Pruned at the 50th item to the last 10 (the old one gone by age), then 11 more: 21 of the 61 added.
        Assert.Equal(21, items.Count);
        Assert.DoesNotContain(items, i => i.Question == "老问题");
        Assert.Equal("问题59", items[0].Question);
    }

    [Fact]
    public async Task ClaimNotice_IsTrueOnce_ForEveryStoreOnTheFile_AcrossARestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "inbox.db");
        using (var first = Open(path, time))
        using (var other = Open(path, time))
        {
            Assert.True(await first.ClaimNoticeAsync(5, "G1"));
            Assert.False(await other.ClaimNoticeAsync(5, "G1"));
            Assert.True(await other.ClaimNoticeAsync(6, "G1"));
        }
        using var restarted = Open(path, time);
        Assert.False(await restarted.ClaimNoticeAsync(5, "G1"));
    }

    [Fact]
    public async Task CuratedAnswers_AreKeptNumberedAndBounded_AndDeleted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var store = Open("memory", time);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add((await store.AddCuratedAsync($"问{i}", $"问{i}", $"答{i}", time.GetUtcNow().AddDays(1)))!.Id);

        Assert.Null(await store.AddCuratedAsync("问4", "问4", "答4", time.GetUtcNow().AddDays(1)));
        Assert.True(await store.RemoveCuratedAsync(ids[1]));
        Assert.False(await store.RemoveCuratedAsync(ids[1]));
        Assert.Equal(["答0", "答2"], (await store.CuratedAsync())!.Select(a => a.Text));
    }

    [Fact]
    public async Task DamagedFile_IsMovedAside_AndANewStoreKeepsQuestions()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "inbox.db");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))]);
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        using var store = Open(path, time, logger: factory.CreateLogger<SqliteInboxStore>());
        await store.AddAsync(Item(time, 1, "问题", "问题"));

        Assert.Single((await store.GroupsAsync(10))!);
        Assert.Single(Directory.GetFiles(folder.Path, "inbox.db.broken-*"));
        Assert.Single(logs.Lines, l => l.Contains("moved to"));
    }

    [Fact]
    public async Task LockedFile_IsReportedOnce_CallsReturn_AndTheStoreWorksOnceItIsFree()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "inbox.db");
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var store = Open(path, time, logger: factory.CreateLogger<SqliteInboxStore>());
        await store.AddAsync(Item(time, 1, "问题", "问题"));
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        holder.Open();
        using var exclusive = holder.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        using (var take = holder.CreateCommand())
        {
            take.Transaction = exclusive;
            take.CommandText = "DELETE FROM items WHERE id = -1"; // a write: the lock is taken now, and held until the end
            take.ExecuteNonQuery();
        }

        await store.AddAsync(Item(time, 2, "另一个", "另一个"));
        await store.AddAsync(Item(time, 3, "第三个", "第三个"));
        var claimed = await store.ClaimNoticeAsync(1, "G");

        Assert.False(claimed);
        Assert.Single(logs.Lines, l => l.Contains("answering goes on"));
        exclusive.Rollback();
        await store.AddAsync(Item(time, 4, "第四个", "第四个"));
        Assert.Equal(2, (await store.GroupsAsync(10))!.Count);
        Assert.Single(logs.Lines, l => l.Contains("usable again"));
    }

    [Fact]
    public async Task DailyMessage_IsClaimedOnceADay_ThroughAReopen_AndTellsWhenTheLastWasSent()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "inbox.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero));
        var first = time.GetUtcNow();
        var day = new DateOnly(2026, 12, 3);

        using (var store = Open(path, time))
            Assert.Equal(DateTimeOffset.MinValue, await store.ClaimDailyAsync(day, first));
        time.Advance(TimeSpan.FromMinutes(5));
        using (var store = Open(path, time))
        {
            Assert.Null(await store.ClaimDailyAsync(day, time.GetUtcNow()));
            time.Advance(TimeSpan.FromDays(1));
            Assert.Equal(first, await store.ClaimDailyAsync(day.AddDays(1), time.GetUtcNow()));
            Assert.Null(await store.ClaimDailyAsync(day.AddDays(1), time.GetUtcNow()));
        }
    }
}
