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
    public void Measured_IsTheThingAHowManyQuestionCounts(string question, string? expected) =>
        Assert.Equal(expected, AnswerScope.Measured(question));

    [Theory]
    [InlineData("南虹桥签约项目总投资多少？", "没有关于“总投资”的具体数字")]
    [InlineData("总投资多少？", "没有关于“总投资”的具体数字")]
    [InlineData("北京市委季度工作会议上哪些单位先后发言？", "没有提到“北京”")]
    [InlineData("2019年南虹桥签约了多少家重点企业？", "没有提到“2019”")]
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
}
