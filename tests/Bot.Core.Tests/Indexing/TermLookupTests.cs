using Bot.Core.Indexing;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Core.Tests.Indexing;

public sealed class TermLookupTests
{
    private static readonly string[] Words = ["港口", "航运", "地铁", "医院", "学校", "公园", "图书馆", "工厂", "农业", "科技", "金融", "旅游"];

    // Documents of a few words in two fields, in five segments of uneven size; some words are missing from some segments.
    private static DirectoryReader Index(RAMDirectory directory)
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES };
        using (var writer = new IndexWriter(directory, config))
        {
            var random = new Random(7);
            for (var segment = 0; segment < 5; segment++)
            {
                var words = Words[..(6 + segment)];
                for (var d = 0; d < 20 + 40 * segment; d++)
                {
                    string Text() => string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => words[random.Next(words.Length)]));
                    writer.AddDocument([new TextField("body", Text(), Field.Store.NO), new TextField("title", Text(), Field.Store.NO)]);
                }
                writer.Commit();
            }
        }
        return DirectoryReader.Open(directory);
    }

    // One enumerator per field and segment seeks from term to term, in any order, to terms present or not: each term's
    // statistics and each segment's state are those TermContext.Build finds, so the query scores alike.
    [Fact]
    public void Find_GivesWhatTermContextBuildGives_TermAfterTerm()
    {
        using var directory = new RAMDirectory();
        using var reader = Index(directory);
        Assert.Equal(5, reader.Leaves.Count);
        var searcher = new IndexSearcher(reader);
        var lookup = new TermLookup(reader);

        foreach (var term in Words.Reverse().Concat(Words).Append("不在").SelectMany(w => new[] { new Term("body", w), new Term("title", w), new Term("none", w) }))
        {
            var expected = TermContext.Build(reader.Context, term);
            var found = lookup.Find(term);

            Assert.Equal(expected.DocFreq, found.DocFreq);
            Assert.Equal(expected.TotalTermFreq, found.TotalTermFreq);
            for (var leaf = 0; leaf < reader.Leaves.Count; leaf++)
                Assert.Equal(expected.Get(leaf) is null, found.Get(leaf) is null);
            Assert.Equal(
                searcher.Search(new TermQuery(term), 1000).ScoreDocs.Select(d => (d.Doc, d.Score)),
                searcher.Search(new TermQuery(term, found), 1000).ScoreDocs.Select(d => (d.Doc, d.Score)));
        }
    }
}
