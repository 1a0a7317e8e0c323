using Bot.Core.Search;
using Bot.TestSupport;

namespace Bot.Core.Tests.Search;

public sealed class ChineseScriptTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData('臺', '台')]
    [InlineData('橋', '桥')]
    [InlineData('後', '后')]
    [InlineData('乾', '干')]
    [InlineData('台', '台')]
    [InlineData('衞', '卫')]
    [InlineData('a', 'a')]
    public void Simplify_FoldsATraditionalCharacterToItsUsualSimplifiedForm(char traditional, char simplified) =>
        Assert.Equal(simplified, ChineseScript.Simplify(traditional));

    [Fact]
    public void Analysis_OfTraditionalText_GivesTheSimplifiedTerms_AtTheSameOffsets()
    {
        const string traditional = "南虹橋簽約項目";

        var tokens = ChineseAnalysis.Tokens(ChineseAnalysis.Bigrams, traditional);

        Assert.Equal(ChineseAnalysis.Tokens(ChineseAnalysis.Bigrams, "南虹桥签约项目").Select(t => t.Term), tokens.Select(t => t.Term));
        Assert.Equal("桥签", tokens[2].Term);
        Assert.Equal("橋簽", traditional[tokens[2].Start..tokens[2].End]);
    }

    [Fact]
    public async Task TraditionalQuestion_IsAnsweredFromASimplifiedArticle_AndTheOtherWayRound()
    {
        SyntheticNews.WriteThreeStories(_folder);
        _folder.WriteJsonl("tw.jsonl", new { id = "tw", title = "臺北動物園的無尾熊", date = "2024-01-09", text = "臺北市立動物園昨天宣布，園內的無尾熊寶寶已經滿一歲，體重達到兩公斤。" });
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?> { ["Knowledge:IndexPath"] = "memory" });

        var traditional = await services.Answerer().AnswerAsync("華為青浦研發中心建得怎麼樣了？");
        var simplified = await services.Answerer().AnswerAsync("台北动物园的无尾熊宝宝体重多少？");

        Assert.True(traditional.Answered, traditional.Text);
        Assert.Equal("huawei", traditional.Sources[0].Id);
        Assert.True(simplified.Answered, simplified.Text);
        Assert.Contains("兩公斤", simplified.Text);
    }

    [Fact]
    public async Task RoleAskedOfATraditionalArticle_IsAnswered_AndARoleItLacksIsDeclinedAsTyped()
    {
        _folder.WriteJsonl("tw.jsonl", new { id = "tw", title = "臺北市政府記者會", date = "2024-01-09", text = "臺北市長蔣萬安昨天在記者會上宣布，市立圖書館將延長開放時間。" });
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?> { ["Knowledge:IndexPath"] = "memory" });

        var traditional = await services.Answerer().AnswerAsync("臺北市長是誰？");
        var simplified = await services.Answerer().AnswerAsync("台北市长是谁？");
        var absent = await services.Answerer().AnswerAsync("臺北市副市長是誰？");

        Assert.True(traditional.Answered, traditional.Text);
        Assert.Contains("蔣萬安", traditional.Text);
        Assert.True(simplified.Answered, simplified.Text);
        Assert.False(absent.Answered, absent.Text);
        Assert.Contains("副市長", absent.Text);
    }
}
