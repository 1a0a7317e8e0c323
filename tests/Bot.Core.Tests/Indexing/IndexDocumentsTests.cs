using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Search;
using Bot.TestSupport;
using Lucene.Net.Analysis.TokenAttributes;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// A passage's bigrams are cut from its article's, analysed once; the index must get exactly what analysing the
/// passage alone gives, or ranking would change.
/// </summary>
public sealed class IndexDocumentsTests
{
    private static List<AnalyzedToken> Replayed(IndexDocuments documents)
    {
        var stream = documents.PassageBigrams;
        var term = stream.GetAttribute<ICharTermAttribute>();
        var offset = stream.GetAttribute<IOffsetAttribute>();
        var tokens = new List<AnalyzedToken>();
        stream.Reset();
        while (stream.IncrementToken())
            tokens.Add(new AnalyzedToken(term.ToString(), offset.StartOffset, offset.EndOffset));
        stream.End();
        stream.Dispose();
        return tokens;
    }

    private static int CompareAll(KnowledgeLoadResult load, int passageChars)
    {
        var (passages, catalog) = KnowledgeSnapshotFactory.Cut(load, passageChars);
        var documents = new IndexDocuments();
        var compared = 0;
        foreach (var article in load.Articles)
        {
            foreach (var (passage, text) in documents.WithBigrams(article, catalog.PassagesOf(article)))
            {
                Assert.Equal(passage.Text, text);
                Assert.Equal(ChineseAnalysis.Tokens(ChineseAnalysis.Bigrams, text), Replayed(documents));
                compared++;
            }
        }
        Assert.Equal(passages.Length, compared);
        return compared;
    }

    private static KnowledgeLoadResult Load(string path)
    {
        using var services = CoreFactory.Services(path);
        return services.GetRequiredService<KnowledgeLoader>().Load(path);
    }

    [Fact]
    public void WithBigrams_SeedPage_EachPassageGetsTheTokensOfItsTextAlone()
    {
        var load = Load(RepoPaths.SeedPage);

        Assert.True(CompareAll(load, 200) > 20);
    }

    [Fact]
    public void WithBigrams_NewsArticles_EachPassageGetsTheTokensOfItsTextAlone()
    {
        using var folder = new TempFolder();
        var path = folder.Write("news.jsonl", SyntheticNews.Jsonl(300));
        var load = Load(path);

        Assert.Equal(300, load.Articles.Count);
        Assert.True(CompareAll(load, 200) > 600);
        Assert.True(CompareAll(load, 60) > 1200);
    }

    [Fact]
    public void WithBigrams_PassageCutInsideARunOfHanzi_IsAnalysedAlone()
    {
        // Passages are cut between sentences; these are cut inside words, where the article's bigrams cross the cuts.
        var article = new Article("a#1", "标题", ["上海浦东新区张江科学城", "C919大飞机Q&A"], "a.txt");
        Passage[] passages =
        [
            new(0, article, 0, 0, [0, 5]),
            new(1, article, 1, 0, [5, 11]),
            new(2, article, 2, 1, [0, 3]),
            new(3, article, 3, 1, [3, 10]),
        ];
        var documents = new IndexDocuments();

        var replayed = documents.WithBigrams(article, passages).Select(p => (p.Text, Tokens: Replayed(documents))).ToList();

        Assert.Equal(["上海浦东新", "区张江科学城", "C91", "9大飞机Q&A"], replayed.Select(r => r.Text));
        foreach (var (text, tokens) in replayed)
            Assert.Equal(ChineseAnalysis.Tokens(ChineseAnalysis.Bigrams, text), tokens);
        Assert.DoesNotContain(replayed.SelectMany(r => r.Tokens), t => t.Term is "新区" or "c919");
    }
}
