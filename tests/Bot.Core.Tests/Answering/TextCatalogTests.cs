using System.Text.Json;
using Bot.Core.Answering;
using Bot.TestSupport;

namespace Bot.Core.Tests.Answering;

public sealed class TextCatalogTests
{
    private static readonly TextCatalog Texts = TextCatalog.Default;

    [Fact]
    public void EveryFileOfTexts_IsALanguage_WithTheSameKeys()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "Texts"), "*.json");
        var keys = files.Select(f => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(f))!.Keys.Order().ToList()).ToList();

        Assert.Equal(files.Select(Path.GetFileNameWithoutExtension).Order(), Texts.Languages.Order());
        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Theory]
    [InlineData("华为青浦研发中心建得怎么样了？", "zh")]
    [InlineData("What is the capital of France?", "en")]
    [InlineData("Huawei 青浦 center?", "zh")]
    [InlineData("Wie ist das Wetter?", "en")]
    public void LanguageOfText_FollowsTheScript(string text, string expected) => Assert.Equal(expected, Texts.LanguageOfText(text));

    [Theory]
    [InlineData(null, "zh")]
    [InlineData("en-GB", "en")]
    [InlineData("zh-hans", "zh")]
    [InlineData("de", "en")]
    public void LanguageOf_AnAppsLanguage_IsOneWithAFileElseEnglish(string? code, string expected) => Assert.Equal(expected, Texts.LanguageOf(code));

    [Fact]
    public void Messages_AreReadFromTheFiles_InOneLanguageEach()
    {
        Assert.Equal("问题太长了（600 个字符，最多 500 个）。请把问题缩短后再问。", Messages.TooLong("zh", 600, 500));
        Assert.Equal("I could not find the answer to that in the knowledge base; the nearest are \"A\" and \"B\".", Messages.NotFound("en", ["A", "B"]));
        Assert.DoesNotContain(Texts.Languages.SelectMany(l => new[] { Messages.Empty(l), Messages.NoContent(l) }), m => m.Contains(" / ", StringComparison.Ordinal));
    }
}
