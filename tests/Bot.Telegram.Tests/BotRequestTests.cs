namespace Bot.Telegram.Tests;

public sealed class BotRequestTests
{
    private const string Me = "news_test_bot";

    [Theory]
    [InlineData("华为青浦研发中心建得怎么样了？", true, false, null, "华为青浦研发中心建得怎么样了？")]
    [InlineData("/ask 南虹桥签约了多少个项目？", false, false, "ask", "南虹桥签约了多少个项目？")]
    [InlineData("/HELP", true, false, "help", "")]
    [InlineData("/ask@news_test_bot 问题", false, false, "ask", "问题")]
    [InlineData("@news_test_bot 上海交通大学副校长是谁？", false, false, null, "上海交通大学副校长是谁？")]
    [InlineData("国产首艘大型邮轮交付了吗？", false, true, null, "国产首艘大型邮轮交付了吗？")]
    [InlineData("/weather", true, false, "weather", "")]
    public void Parse_MessageForTheBot_GivesCommandAndArgument(string text, bool isPrivate, bool isReplyToBot, string? command, string argument)
    {
        var request = BotRequest.Parse(text, isPrivate, Me, isReplyToBot);

        Assert.Equal(new BotRequest(command, argument), request);
    }

    [Theory]
    [InlineData("华为青浦研发中心建得怎么样了？", false)]
    [InlineData("/ask@other_bot 问题", false)]
    [InlineData("/ask@other_bot 问题", true)]
    [InlineData("/weather", false)]
    [InlineData("   ", true)]
    [InlineData(null, true)]
    public void Parse_MessageNotForTheBot_IsNull(string? text, bool isPrivate)
    {
        Assert.Null(BotRequest.Parse(text, isPrivate, Me, isReplyToBot: false));
    }

    [Theory]
    [InlineData(null, "问题", true)]
    [InlineData("ask", "问题", true)]
    [InlineData("ask", "", false)]
    [InlineData("help", "", false)]
    public void IsQuestion_OnlyForAQuestionWithText(string? command, string argument, bool expected)
    {
        Assert.Equal(expected, new BotRequest(command, argument).IsQuestion);
    }
}
