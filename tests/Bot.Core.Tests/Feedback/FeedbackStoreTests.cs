using System.Diagnostics.Metrics;
using Bot.Core.Answering;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Bot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Bot.Core.Tests.Feedback;

public sealed class FeedbackStoreTests
{
    private static FeedbackStore Open(string path, FakeTimeProvider? time = null, int maxAnswers = 100_000) =>
        FeedbackStores.Open(path, time, maxAnswers);

    [Fact]
    public void Rate_IsRecordedOncePerUser_AndUnknownAnswersAreRefused()
    {
        using var store = Open("memory");
        var id = store.RecordAnswer(1, null, null, ["a#1"], answered: true);

        Assert.Equal(RatingResult.Recorded, store.Rate(1, id, 7, up: true));
        Assert.Equal(RatingResult.AlreadyRated, store.Rate(1, id, 7, up: false));
        Assert.Equal(RatingResult.Recorded, store.Rate(1, id, 8, up: false));
        Assert.Equal(RatingResult.Unknown, store.Rate(1, id + 1000, 7, up: true));
        var summary = store.Summarize();
        Assert.Equal((1, 0, 1, 1), (summary.Answers, summary.Declined, summary.Up, summary.Down));
    }

    [Fact]
    public void LetDownQuestions_AreTheDeclinedAndDislikedOnesKept_EachOnce()
    {
        using var store = Open("memory");
        store.RecordAnswer(1, "明天北京天气怎么样？", "没有找到。", [], answered: false);
        var disliked = store.RecordAnswer(1, "南虹桥签约了多少个项目？", "…", ["a#2"], answered: true);
        store.RecordAnswer(2, "明天北京天气怎么样？", "没有找到。", [], answered: false);
        var liked = store.RecordAnswer(1, "华为青浦研发中心建得怎么样了？", "基本建成。", ["a#1"], answered: true);
        store.RecordAnswer(3, null, null, [], answered: false);
        store.Rate(1, disliked, 5, up: false);
        store.Rate(1, liked, 5, up: true);

        Assert.Equal(["明天北京天气怎么样？", "南虹桥签约了多少个项目？"], store.LetDownQuestions());
        var summary = store.Summarize();
        Assert.Equal(("明天北京天气怎么样？", 2), summary.MostDeclined[0]);
        Assert.Equal(("南虹桥签约了多少个项目？", 1), summary.MostDisliked[0]);
    }

    [Fact]
    public void File_KeepsRatingsAcrossRestarts_AndIsBounded()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "feedback.db");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        long first;
        using (var store = Open(path, time, maxAnswers: 100))
        {
            first = store.RecordAnswer(1, null, null, [], answered: true);
            store.Rate(1, first, 9, up: true);
        }

        using var reopened = Open(path, time, maxAnswers: 100);
        Assert.Equal(RatingResult.AlreadyRated, reopened.Rate(1, first, 9, up: true));
        time.Advance(TimeSpan.FromDays(31));
        for (var i = 0; i < 250; i++)
            reopened.RecordAnswer(1, null, null, [], answered: true);

        Assert.InRange(reopened.Summarize().Answers, 100, 199);
        Assert.Equal(RatingResult.Unknown, reopened.Rate(1, first, 10, up: true));
    }

    [Fact]
    public void Rate_InAnotherChat_DoesNotLandOnThatChatsAnswer()
    {
        using var store = Open("memory");
        var chat2Answer = store.RecordAnswer(2, "南虹桥签约了多少个项目？", "…", ["a#2"], answered: true);

        var result = store.Rate(1, chat2Answer, 7, up: false);

        Assert.Equal(RatingResult.Unknown, result);
        var summary = store.Summarize();
        Assert.Equal((0, 0), (summary.Up, summary.Down));
        Assert.Equal(RatingResult.Recorded, store.Rate(2, chat2Answer, 7, up: false));
    }

    [Fact]
    public void OldSchemaDatabase_OpensAndKeepsItsRows_RatingsTakingTheirAnswersChat()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "feedback.db");
        using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            old.Open();
            using var c = old.CreateCommand();
            c.CommandText = """
                CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, chat INTEGER NOT NULL,
                    question TEXT NULL, answer TEXT NULL, sources TEXT NOT NULL, answered INTEGER NOT NULL);
                CREATE TABLE ratings (answer_id INTEGER NOT NULL, user INTEGER NOT NULL, up INTEGER NOT NULL, time INTEGER NOT NULL,
                    PRIMARY KEY (answer_id, user));
                CREATE INDEX answers_time ON answers (time);
                INSERT INTO answers (time, chat, question, answer, sources, answered) VALUES (strftime('%s','now'), 5, '南虹桥签约了多少个项目？', '…', 'a#2', 1);
                INSERT INTO answers (time, chat, question, answer, sources, answered) VALUES (strftime('%s','now'), 6, '明天北京天气怎么样？', NULL, '', 0);
                INSERT INTO ratings (answer_id, user, up, time) VALUES (1, 9, 0, strftime('%s','now'));
                """;
            c.ExecuteNonQuery();
        }

        using var store = Open(path);

        var summary = store.Summarize();
        Assert.Equal((2, 1, 0, 1), (summary.Answers, summary.Declined, summary.Up, summary.Down));
        Assert.Equal(("南虹桥签约了多少个项目？", 1), summary.MostDisliked[0]);
        Assert.Equal(RatingResult.AlreadyRated, store.Rate(5, 1, 9, up: true));
        Assert.Equal(RatingResult.Unknown, store.Rate(6, 1, 8, up: true));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("truncated")]
    public void DamagedFile_IsMovedAside_AndANewStoreAnswers(string damage)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "feedback.db");
        if (damage == "random")
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))]);
        }
        else
        {
            using (var store = Open(path))
            {
                for (var i = 0; i < 20; i++)
                    store.RecordAnswer(1, new string('问', 2000), new string('答', 2000), ["a#1"], answered: true);
            }
            using var file = new FileStream(path, FileMode.Open);
            file.SetLength(file.Length / 2);
        }
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        using var reopened = new FeedbackStore(Microsoft.Extensions.Options.Options.Create(new FeedbackOptions { Path = path }),
            Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions()), new FakeTimeProvider(DateTimeOffset.UtcNow), factory.CreateLogger<FeedbackStore>());
        var id = reopened.RecordAnswer(1, null, null, ["a#1"], answered: true);

        Assert.Equal(RatingResult.Recorded, reopened.Rate(1, id, 7, up: true));
        Assert.Equal((1, 1), (reopened.Summarize().Answers, reopened.Summarize().Up));
        Assert.Single(Directory.GetFiles(folder.Path, "feedback.db.broken-*"));
        Assert.Single(logs.Lines, l => l.Contains("moved to"));
    }

    [Fact]
    public async Task Recording_WhileAnotherConnectionHoldsTheFile_ReturnsAtOnce_AndTheDropIsCounted()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "feedback.db");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var metrics = new BotMetrics(Mock.Of<IKnowledgeStore>(s => s.Current == KnowledgeSnapshot.Empty));
        long counted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (metrics.Owns(instrument) && instrument.Name == "bot.feedback.dropped")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        using var store = new FeedbackStore(Microsoft.Extensions.Options.Options.Create(new FeedbackOptions { Path = path }),
            Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions()), time, null, metrics);
        var earlier = store.RecordAnswer(1, null, null, [], answered: true);
        Assert.Equal(1, store.Summarize().Answers);
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        holder.Open();
        using var exclusive = holder.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        using (var take = holder.CreateCommand())
        {
            take.Transaction = exclusive;
            take.CommandText = "DELETE FROM answers WHERE id = -1"; // a write: the lock is taken now, and held until the end
            take.ExecuteNonQuery();
        }

        var recording = Task.Run(() => (store.RecordAnswer(1, "问", "答", ["a#1"], answered: true), store.Rate(1, earlier, 7, up: true)));
        var done = await Task.WhenAny(recording, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(recording, done);
        Assert.Equal(RatingResult.Recorded, (await recording).Item2);
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(31), () => store.Dropped >= 1);
        Assert.True(Interlocked.Read(ref counted) >= 1);
        exclusive.Rollback();
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => store.Pending == 0);
        store.RecordAnswer(1, null, null, [], answered: true);
        Assert.Equal(2, store.Summarize().Answers);
    }
}
