using Bot.Core.Answering;
using Bot.Core.Inbox;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Inbox;

public sealed class CuratedAnswerStageTests
{
    private const string Declined = "望川市的地铁什么时候开通？";

    [Fact]
    public async Task CuratedAnswer_IsServedFirst_MarkedWithItsDate_ThenNotPastItsExpiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, time: time);
        var answerer = services.Answerer();
        Assert.False((await answerer.AnswerAsync(Declined)).Answered);

        await services.GetRequiredService<CuratedAnswers>().AddAsync(Declined, "望川市地铁1号线定于明年通车。", time.GetUtcNow().AddDays(30));
        var served = await answerer.AnswerAsync("望川市地铁什么时候开通");
        time.Advance(TimeSpan.FromDays(31));
        var expired = await answerer.AnswerAsync(Declined);

        Assert.True(served.Answered);
        Assert.Equal("望川市地铁1号线定于明年通车。", served.Text);
        Assert.Equal("编辑答复（2026-12-03）", served.Note);
        Assert.False(expired.Answered);
        Assert.Equal(DeclineReason.AbsentName, expired.Declined);
    }

    [Fact]
    public async Task CuratedAnswer_ServesTheSameWordsAskedOtherwise_ButNotAQuestionDifferingInOneWord()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, time: time);
        var curated = services.GetRequiredService<CuratedAnswers>();
        await curated.AddAsync("望川市地铁一号线什么时候开通运营", "明年。");

        Assert.NotNull(await curated.FindAsync(QuestionWords.Of("望川市的地铁一号线什么时候开通运营？")));
        Assert.Null(await curated.FindAsync(QuestionWords.Of("望川市地铁二号线什么时候开通运营？")));
        Assert.Null(await curated.FindAsync(QuestionWords.Of("曼西市地铁一号线什么时候开通运营？")));
        Assert.Null(await curated.FindAsync(QuestionWords.Of("望川市地铁一号线什么时候正式开通运营？")));
        Assert.Equal("Editor's answer", English(TextCatalog.Default.Get("en", "inbox.curatedNote", "")));
    }

    [Fact]
    public async Task CuratedAnswer_WithAnEmbeddingModel_ServesTheSameMeaningInOtherWords_NotAnotherQuestionOnTheTopic_AndWithoutOneOrWhenItFailsOnlyTheWords()
    {
        await using var model = await FakeModelServer.StartAsync();
        var embeddings = new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:Endpoint"] = model.Endpoint,
            ["Embeddings:Model"] = "fake-concepts",
            ["Embeddings:TimeoutSeconds"] = "30",
        };
        const string Fare = "地铁票价多少钱";
        const string InEnglish = "How much is the metro fare?";

        foreach (var on in new[] { true, false })
        {
            await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, on ? embeddings : null);
            await services.GetRequiredService<CuratedAnswers>().AddAsync(Fare, "两元起。");
            var answerer = services.Answerer();

            var otherWords = await answerer.AnswerAsync(InEnglish);
            var sameWords = await answerer.AnswerAsync("地铁票价多少钱？");
            // The fake model's vectors count concepts: 地铁 and 建成 against 地铁 and 票价 is a cosine of 0.5.
            var otherQuestion = await answerer.AnswerAsync("地铁什么时候建成？");

            Assert.Equal(on, otherWords.Text == "两元起。");
            Assert.Equal("两元起。", sameWords.Text);
            Assert.NotEqual("两元起。", otherQuestion.Text);
        }

        model.FailAll = 500;
        await using (var failing = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, embeddings))
        {
            var added = await failing.GetRequiredService<CuratedAnswers>().AddAsync(Fare, "两元起。");
            Assert.NotNull(added);
            var answerer = failing.Answerer();

            Assert.NotEqual("两元起。", (await answerer.AnswerAsync(InEnglish)).Text);
            Assert.Equal("两元起。", (await answerer.AnswerAsync("地铁票价多少钱？")).Text);
        }
    }

    [Fact]
    public void Cosine_IsOneForTheSameDirection_ZeroForOrthogonalOrUnevenVectors()
    {
        Assert.Equal(1, CuratedAnswers.Cosine([1, 2, 0], [2, 4, 0]), 6);
        Assert.Equal(0.5, CuratedAnswers.Cosine([1, 1, 0], [1, 0, 1]), 6);
        Assert.Equal(0, CuratedAnswers.Cosine([1, 0], [0, 1]));
        Assert.Equal(0, CuratedAnswers.Cosine([1, 0], [1, 0, 0]));
        Assert.Equal(0, CuratedAnswers.Cosine([0, 0], [1, 0]));
    }

    [Fact]
    public void Words_AreTheSameForTheSameQuestionAskedWithOtherPunctuationAndParticles()
    {
        Assert.Equal(QuestionWords.Of("望川市的地铁什么时候开通？"), QuestionWords.Of("望川市地铁什么时候开通"));
        Assert.True(QuestionWords.Match(QuestionWords.Of("谁是望川市的市长？"), QuestionWords.Of("望川市的市长是谁？")));
        Assert.False(QuestionWords.Match("", ""));
    }

    private static string English(string note) => note.Split('(')[0].Trim();
}
