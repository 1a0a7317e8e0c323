using Bot.Core.Feedback;
using Bot.TestSupport;
using Microsoft.Extensions.Time.Testing;

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

        Assert.Equal(RatingResult.Recorded, store.Rate(id, 7, up: true));
        Assert.Equal(RatingResult.AlreadyRated, store.Rate(id, 7, up: false));
        Assert.Equal(RatingResult.Recorded, store.Rate(id, 8, up: false));
        Assert.Equal(RatingResult.Unknown, store.Rate(id + 1000, 7, up: true));
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
        store.Rate(disliked, 5, up: false);
        store.Rate(liked, 5, up: true);

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
            store.Rate(first, 9, up: true);
        }

        using var reopened = Open(path, time, maxAnswers: 100);
        Assert.Equal(RatingResult.AlreadyRated, reopened.Rate(first, 9, up: true));
        time.Advance(TimeSpan.FromDays(31));
        for (var i = 0; i < 250; i++)
            reopened.RecordAnswer(1, null, null, [], answered: true);

        Assert.InRange(reopened.Summarize().Answers, 100, 199);
        Assert.Equal(RatingResult.Unknown, reopened.Rate(first, 10, up: true));
    }
}
