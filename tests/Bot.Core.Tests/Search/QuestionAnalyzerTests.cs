using Bot.Core.Search;

namespace Bot.Core.Tests.Search;

public sealed class QuestionAnalyzerTests
{
    [Fact]
    public void Analyze_QuestionWords_AreNotSearchedFor()
    {
        var q = QuestionAnalyzer.Analyze("上海交通大学副校长是谁？");

        Assert.DoesNotContain(q.Terms, t => t.Text is "是" or "谁");
        Assert.DoesNotContain(q.Bigrams, b => b.Contains('谁') || b == "长是");
        Assert.Contains("校长", q.Bigrams);
        Assert.Contains(q.Terms, t => t.Text == "大学");
    }

    [Theory]
    [InlineData("新区完成了多少项任务？", QuestionType.Quantity)]
    [InlineData("上海交通大学副校长是谁？", QuestionType.Person)]
    [InlineData("签约活动是哪一年的？", QuestionType.Time)]
    [InlineData("市教委推动哪个国际组织的机构落地？", QuestionType.Place)]
    [InlineData("国产首艘大型邮轮交付了吗？", QuestionType.YesNo)]
    [InlineData("How many projects were signed?", QuestionType.Quantity)]
    public void Analyze_QuestionType_IsRecognised(string question, QuestionType expected)
    {
        Assert.Equal(expected, QuestionAnalyzer.Analyze(question).Type);
    }

    [Fact]
    public void Analyze_FullWidthLatin_IsFoldedToTheIndexForm()
    {
        var q = QuestionAnalyzer.Analyze("Ｃ９１９开启商业运营了吗");

        Assert.Contains(q.Terms, t => t.Text == "c919" && !t.IsWord);
    }

    [Fact]
    public void Analyze_OnlyQuestionWords_IsEmpty()
    {
        Assert.True(QuestionAnalyzer.Analyze("是什么？").IsEmpty);
    }

    [Theory]
    [InlineData("[1 TO 9]")]
    [InlineData("***")]
    [InlineData("1 + 1 = ?")]
    public void Analyze_OperatorsAndNumbersOnly_HaveNoContent(string question)
    {
        Assert.True(QuestionAnalyzer.Analyze(question).IsEmpty);
    }

    [Theory]
    [InlineData("C919")]
    [InlineData("2024年的签约活动")]
    [InlineData("94%")]
    public void Analyze_NumbersWithWords_KeepTheirContent(string question)
    {
        Assert.False(QuestionAnalyzer.Analyze(question).IsEmpty);
    }

    // The shortcuts for characters without case fold every character as the case table does.
    [Fact]
    public void FoldChar_EveryCharacter_FoldsAsTheCaseTableFullWidthRuleAndSimplifiedFormsDo()
    {
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            var expected = c is >= '\uFF01' and <= '\uFF5E' && char.IsLetterOrDigit((char)(c - 0xFEE0)) ? (char)(c - 0xFEE0) : c;
            Assert.Equal(ChineseScript.Simplify(char.ToLowerInvariant(expected)), QuestionAnalyzer.FoldChar(c));
        }
    }
}
