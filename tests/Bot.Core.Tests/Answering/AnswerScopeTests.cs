using Bot.Core.Answering;
using Bot.TestSupport;

namespace Bot.Core.Tests.Answering;

public sealed class AnswerScopeTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    private IQuestionAnswerer Answerer => seed.Services.Answerer();

    [Theory]
    [InlineData("南虹桥签约项目总投资多少？", "总投资")]
    [InlineData("总投资是多少？", "总投资")]
    [InlineData("崇明区下沉了多少名在职党员？", "在职")]
    [InlineData("车型数量是多少？", "车型")]
    [InlineData("出入境车辆数达到了多少辆次？", "车辆")]
    [InlineData("创新型中小企业达到了多少家？", null)]
    [InlineData("金山区保障性租赁住房供应完成进度排第几？", null)]
    [InlineData("华为青浦研发中心建得怎么样了？", null)]
    [InlineData("任务完成了百分之几？", null)]
    [InlineData("投资总额的百分之多少？", "投资")]
    public void Measured_IsTheThingAHowManyQuestionCounts(string question, string? expected) =>
        Assert.Equal(expected, AnswerScope.Measured(question));

    [Theory]
    [InlineData("南虹桥签约项目总投资多少？", "没有关于“总投资”的具体数字")]
    [InlineData("总投资多少？", "没有关于“总投资”的具体数字")]
    [InlineData("北京市委季度工作会议上哪些单位先后发言？", "没有提到“北京”")]
    [InlineData("2019年南虹桥签约了多少家重点企业？", "没有提到“2019”")]
    [InlineData("华为的CEO是谁？", "“CEO”")]
    public async Task Answer_WhatTheQuestionAsksAboutIsNotInTheKnowledge_Declines(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains(expected, answer.Text);
    }

    [Theory]
    [InlineData("市委季度工作会议上，哪些单位先后发言？", "浦东新区区委")]
    [InlineData("多少家重点企业集中签约南虹桥？", "19家")]
    [InlineData("2024年南虹桥签约了多少家重点企业？", "19家")]
    [InlineData("崇明区生态环保群众满意度排名如何？", "全市第一")]
    public async Task Answer_WhatTheQuestionAsksAboutIsThere_IsAnswered(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(expected, answer.Text);
    }

    [Theory]
    [InlineData("望川市的新能源汽车销量是多少？", "知识库里没有关于望川市的报道")]
    [InlineData("临溪科技公司在南虹桥签约了吗？", "知识库里没有关于临溪科技公司的报道")]
    [InlineData("上海和望川的互联网医院各有多少家？", "知识库里没有关于望川的报道")]
    [InlineData("“望川号”邮轮什么时候交付？", "知识库里没有关于望川号的报道")]
    public async Task Answer_NameTheKnowledgeNeverWrites_DeclinesNamingIt(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains(expected, answer.Text);
    }

    [Theory]
    [InlineData("望川市的新能源汽车销量是多少？", "望川市")]
    [InlineData("英国中央银行把利率上调至多少？", "英国中央银行")]
    [InlineData("上海和望川的互联网医院各有多少家？", "望川")]
    [InlineData("“望川号”邮轮什么时候交付？", "望川号")]
    [InlineData("民国二年南田县发生了什么变故？", "南田县")]
    public void NamedThings_FindsTheNameWhateverTheSegmenterMadeOfIt(string question, string expected) =>
        Assert.Contains(AnswerScope.NamedThings(question), n => n.Name == expected);

    [Theory]
    [InlineData("哪个代表团提前抵达栖溪进行准备？", "栖溪")]
    [InlineData("习近平要求各级党委和政府全面澜塘什么责任？", "澜塘")]
    public void NamedThings_ARunOfCharactersWhereNoPrepositionMarksIt_IsANameNearWhenTheArticlesHoldOneOfItsCharacters(string question, string expected)
    {
        var named = Assert.Single(AnswerScope.NamedThings(question), n => n.Name == expected);

        Assert.Equal(expected.Select(c => c.ToString()), named.Near.Select(Assert.Single));
    }

    [Theory]
    [InlineData("间谍团伙捉获了谁？", "捉获")]
    [InlineData("14岁少年在哪里被捉获？", "捉获")]
    [InlineData("被告人汪某因何罪被判刑？", "何罪")]
    public void NamedThings_ARunWhereAVerbOrAQuestionWordStands_IsNoName(string question, string word) =>
        Assert.DoesNotContain(AnswerScope.NamedThings(question), n => n.Name.Contains(word, StringComparison.Ordinal));

    [Fact]
    public async Task Answer_AnInventedNameWhereNoPrepositionMarksIt_DeclinesNamingIt()
    {
        var answer = await Answerer.AnswerAsync("浦东新区代表团提前抵达栖溪进行了哪些准备？");

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Contains("知识库里没有关于栖溪的报道", answer.Text);
    }

    [Fact]
    public void NamedThings_AnOrganisationIsNearWhenItsWordsAreThereApart() =>
        Assert.Equal(["英国", "中央"], Assert.Single(Assert.Single(AnswerScope.NamedThings("英国中央银行把利率上调至多少？"), n => n.Name == "英国中央银行").Near));

    [Theory]
    [InlineData("上海交通大学计划什么时候入驻运营？", "6月")]
    [InlineData("崇明区下沉了多少名在职党员？", "1.1万")]
    [InlineData("浦东新区引领区实施方案的任务完成了多少？", "94%")]
    [InlineData("浦东新区引领区实施方案的任务完成了百分之几？", "94%")]
    public async Task Answer_NamesTheKnowledgeWrites_AreAnswered(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(expected, answer.Text);
    }

    [Theory]
    [InlineData("上海交通大学党委书记是谁？", "知识库里只提到上海交通大学的校长、副校长，没有提到其党委书记。")]
    [InlineData("谁是上海交通大学的党委书记？", "知识库里只提到上海交通大学的校长、副校长，没有提到其党委书记。")]
    public async Task Answer_ARoleTheTextGivesOnlyForAnotherRole_DeclinesNamingWhatItGives(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Equal(expected, answer.Text);
        Assert.Equal(DeclineReason.AbsentAttribute, answer.Declined);
    }

    [Theory]
    [InlineData("上海交通大学校长是谁？", "丁奎岭")]
    [InlineData("上海交通大学副校长是谁？", "奚立峰")]
    public async Task Answer_ARoleTheTextStates_IsAnsweredWithTheSentenceStatingIt(string question, string expected)
    {
        var answer = await Answerer.AnswerAsync(question);

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains(expected, answer.Text);
    }
}
