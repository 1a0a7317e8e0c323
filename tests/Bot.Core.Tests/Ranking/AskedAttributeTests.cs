using Bot.Core.Ranking;

namespace Bot.Core.Tests.Ranking;

public sealed class AskedAttributeTests
{
    [Theory]
    [InlineData("上海交通大学党委书记是谁？", "党委书记", "上海交通大学")]
    [InlineData("上海交通大学的副校长是谁？", "副校长", "上海交通大学")]
    [InlineData("谁是阿根廷代表团的队长？", "队长", "阿根廷代表团")]
    [InlineData("全国政协主席是哪位？", "主席", "全国政协")]
    [InlineData("谁是中国女排的主教练？", "主教练", "中国女排")]
    [InlineData("该公司的CEO是谁？", "CEO", "该公司")]
    [InlineData("南虹桥签约项目的总投资是多少？", "总投资", "南虹桥签约项目")]
    [InlineData("临溪科技公司何时成立？", "成立时间", "临溪科技公司")]
    [InlineData("临溪科技协会是在哪一年成立的？", "成立时间", "临溪科技协会")]
    public void Of_AQuestionAskingForARoleOrAttribute_NamesItAndWhatItIsAskedOf(string question, string word, string thing)
    {
        var asked = AskedAttribute.Of(question);

        Assert.NotNull(asked);
        Assert.Equal(word, asked.Word);
        Assert.Equal(thing, asked.Thing);
    }

    [Theory]
    [InlineData("李国英部长要求抢护哪些工程？")]
    [InlineData("谁与尼日尔总统巴祖姆通电话？")]
    [InlineData("华为青浦研发中心建得怎么样了？")]
    [InlineData("王岐山担任的职务是什么？")]
    [InlineData("总投资的项目有哪些？")]
    [InlineData("谁饰演的球队教练？")]
    public void Of_AQuestionThatOnlyNamesARole_AsksForNone(string question) =>
        Assert.Null(AskedAttribute.Of(question));

    [Theory]
    [InlineData("校长", "上海交通大学校长、中科院院士丁奎岭表示", true)]
    [InlineData("校长", "上海交通大学副校长奚立峰介绍", false)]
    [InlineData("党委书记", "上海交通大学校长丁奎岭表示", false)]
    [InlineData("CEO", "推特首席执行官琳达·亚卡里诺表示", true)]
    public void StatedIn_IsTheRoleItselfNotADeputysOrAnother(string question, string sentence, bool expected) =>
        Assert.Equal(expected, AskedAttribute.Of($"某单位{question}是谁？")!.StatedIn(sentence));

    [Fact]
    public void RolesIn_NamesEachTitleOnceLongestFirst() =>
        Assert.Equal(["副校长", "校长"], AskedAttribute.RolesIn("副校长奚立峰和校长丁奎岭出席，副校长致辞"));

    [Fact]
    public void About_ALongThingNeedsTwoThirdsOfItsCharacterPairs()
    {
        var asked = AskedAttribute.Of("上海交通大学党委书记是谁？")!;

        Assert.True(asked.About("上海交大与闵行区合作，上海交通大学校长丁奎岭"));
        Assert.False(asked.About("复旦大学党委书记裘新表示"));
        Assert.True(AskedAttribute.Of("谁是阿根廷代表团的队长？")!.About("阿根廷大学生男子篮球队队长马雷罗告诉记者"));
    }

    [Fact]
    public void About_AShortThingMustBeWrittenWhole()
    {
        var asked = AskedAttribute.Of("全国政协主席是谁？")!;

        Assert.True(asked.About("全国政协主席王沪宁出席"));
        Assert.False(asked.About("全国台企联会长、南京市政协副主席出席"));
    }
}
