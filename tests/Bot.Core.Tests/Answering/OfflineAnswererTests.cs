using Bot.Core.Answering;
using Bot.TestSupport;

namespace Bot.Core.Tests.Answering;

public sealed class OfflineAnswererTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    private IQuestionAnswerer Answerer => seed.Services.Answerer();

    [Theory]
    [InlineData("金山区保障性租赁住房供应完成进度排第几？", "全市第二")]
    [InlineData("华为青浦研发中心建得怎么样了？", "基本建成")]
    [InlineData("崇明区下沉了多少名在职党员？", "1.1万")]
    [InlineData("浦东新区引领区实施方案任务完成了多少？", "94%")]
    public async Task Answer_FactInTheKnowledge_QuotesTheSentenceAndCitesItsArticle(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.True(answer.Answered);
        Assert.Contains(expected, answer.Text);
        Assert.True(answer.Text.Length < 250, "an answer is a sentence or two, not a page");
        Assert.Contains("以比学赶超劲头全力抓好开局起步", answer.Sources[0].Title);
        Assert.Equal("xinmin-2024-01-page.txt", answer.Sources[0].Path);
    }

    [Fact]
    public async Task Answer_EachRunOfSentences_IsMarkedWithItsSourcesNumber()
    {
        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.NotNull(answer.Parts);
        Assert.Equal(answer.Text, string.Concat(answer.Parts!.Select(p => p.Text)));
        Assert.All(answer.Parts!, p => Assert.InRange(p.Source, 1, answer.Sources.Count));
        Assert.EndsWith($"[{answer.Parts![^1].Source}]", answer.Marked);
    }

    [Fact]
    public async Task Decline_NamesAtMostTwoNearTitlesOnce_AndListsNoSources()
    {
        var answer = await Answerer.AnswerAsync("明天上海天气怎么样？");

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(answer.Sources);
        Assert.InRange(answer.Text.Split('《').Length - 1, 0, 2);
        Assert.Single(answer.Text.Split('。', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(answer.Text.Length < 120, answer.Text);
    }

    [Fact]
    public async Task Answer_SentenceThatAnswers_ComesFirst()
    {
        var answer = await Answerer.AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.StartsWith("华为青浦研发中心基本建成", answer.Text);
    }

    [Theory]
    [InlineData("新加坡的人口是多少？", "知识库里没有找到")]
    [InlineData("明天北京的天气怎么样？", "知识库里没有找到")]
    [InlineData("What is the capital of France?", "could not find")]
    [InlineData("How do I bake bread?", "could not find")]
    public async Task Answer_WhenKnowledgeLacksTheFact_DeclinesInTheQuestionsLanguage(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains(expected, answer.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    public async Task Answer_EmptyQuestion_AsksForAQuestion(string question)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.Invalid, answer.Status);
        Assert.Equal(Messages.Empty("en"), answer.Text);
    }

    [Fact]
    public async Task Answer_HugeQuestion_IsRefusedWithTheLimit()
    {
        var answer = await Answerer.AnswerAsync(new string('问', 100_000));

        Assert.Equal(AnswerStatus.Invalid, answer.Status);
        Assert.Contains("500", answer.Text);
    }

    [Fact]
    public async Task Answer_FollowUpWithPronoun_CarriesThePreviousQuestionOver()
    {
        var first = await Answerer.AnswerAsync("上海交通大学校长是谁？");
        var history = new[] { new ConversationTurn("上海交通大学校长是谁？", "上海交通大学校长是谁？", first.Text) };

        var followUp = await Answerer.AnswerAsync("他是哪个学院的院士？", history);

        Assert.True(followUp.Answered);
        Assert.Contains("中科院院士丁奎岭", followUp.Text);
        Assert.Contains("上海", followUp.StandaloneQuestion);
    }
}

public sealed class OfflineAnswererTopicTests
{
    [Fact]
    public async Task Answer_SentenceThatDoesNotRepeatTheSubject_IsFoundInTheSubjectsArticle()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("wiki.jsonl",
            new { id = "nof", title = "硝酰氟", text = "硝酰氟（化学式：NOF）是最常见的硝酰盐之一。硝酰氟与硝酸根离子是等电子体，也为平面结构。它首先由莫瓦桑于1905年制成。它是一种强氧化剂。" },
            new { id = "glass", title = "玻璃", text = "玻璃是一种透明的固体。古代的玻璃首先由工匠在作坊里用沙子制成。玻璃易碎。" },
            new { id = "salt", title = "食盐", text = "食盐的主要成分是氯化钠。食盐可以由海水晒制而成。" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);

        var answer = await services.Answerer().AnswerAsync("硝酰氟首先被谁制成？");

        Assert.True(answer.Answered);
        Assert.Contains("莫瓦桑", answer.Text);
        Assert.Equal("nof", answer.Sources[0].Id);
    }
}
