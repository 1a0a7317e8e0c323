using Bot.Core.Indexing;

namespace Bot.Core.Tests.Indexing;

public sealed class BigramTokensTests
{
    private static BigramTokens Analyzed(string text)
    {
        var tokens = new BigramTokens();
        tokens.Analyze(text);
        return tokens;
    }

    [Fact]
    public void TrySlice_SpansBetweenSentences_GivesEachSpansTokens()
    {
        var text = "上海浦东。北京游客！C919 起飞";
        var tokens = Analyzed(text);
        var cursor = 0;

        Assert.True(tokens.TrySlice(0, 5, ref cursor, out var from, out var to));
        Assert.Equal((0, 3), (from, to));
        Assert.True(tokens.TrySlice(5, 10, ref cursor, out from, out to));
        Assert.Equal((3, 6), (from, to));
        Assert.True(tokens.TrySlice(10, text.Length, ref cursor, out from, out to));
        Assert.Equal((6, tokens.Count), (from, to));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 4)]
    [InlineData(0, 12)]
    public void TrySlice_SpanCuttingAWordOrABigram_IsRefused(int start, int end)
    {
        var tokens = Analyzed("上海浦东。C919X 起飞");
        var cursor = 0;

        Assert.False(tokens.TrySlice(start, end, ref cursor, out _, out _));
    }
}
