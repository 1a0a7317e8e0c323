using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Ranking;

public sealed class TermCoverageTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    private KnowledgeIndex Index => seed.Services.GetRequiredService<IKnowledgeStore>().Current.Index;

    [Fact]
    public void Words_RareWordsWeighMoreThanCommonOnes()
    {
        var coverage = new TermCoverage(QuestionAnalyzer.Analyze("崇明区的工作情况"), Index);

        Assert.True(coverage.Words("崇明区") > coverage.Words("工作"));
    }

    [Fact]
    public void Words_WordOfTheTopic_CountsAsHeldByTheText()
    {
        var coverage = new TermCoverage(QuestionAnalyzer.Analyze("硝酰氟首先被谁制成？"), Index);

        Assert.True(coverage.Words("它首先由莫瓦桑制成。") < 1);
        Assert.Equal(1, coverage.Words("它首先由莫瓦桑制成。", "硝酰氟"), 6);
    }

    [Fact]
    public void Bigrams_ShareOfTheQuestionsBigramsFound()
    {
        var coverage = new TermCoverage(QuestionAnalyzer.Analyze("青浦研发"), Index);

        Assert.Equal(1, coverage.Bigrams("华为青浦研发中心"), 6);
        Assert.Equal(0, coverage.Bigrams("浦东新区"), 6);
    }
}
