using Bot.Core.Indexing;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Core.Tests.Indexing;

public sealed class MappedDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _folder = System.IO.Directory.CreateTempSubdirectory("mapped-dir-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Read_WhatWasWritten_ComesBackAlike_ForEveryKindOfValue()
    {
        using var directory = new MappedDirectory(_folder);
        var values = new long[] { 0, 1, 127, 128, 16_383, 16_384, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue };
        using (var output = directory.CreateOutput("values", IOContext.DEFAULT))
        {
            output.WriteByte(7);
            output.WriteInt16(-2);
            output.WriteInt32(-123_456_789);
            output.WriteInt64(-9_876_543_210L);
            foreach (var v in values)
            {
                if (v <= int.MaxValue)
                    output.WriteVInt32((int)v);
                output.WriteVInt64(v);
            }
            output.WriteBytes([1, 2, 3, 4, 5], 5);
        }

        using var input = directory.OpenInput("values", IOContext.DEFAULT);
        Assert.Equal(7, input.ReadByte());
        Assert.Equal(-2, input.ReadInt16());
        Assert.Equal(-123_456_789, input.ReadInt32());
        Assert.Equal(-9_876_543_210L, input.ReadInt64());
        foreach (var v in values)
        {
            if (v <= int.MaxValue)
                Assert.Equal((int)v, input.ReadVInt32());
            Assert.Equal(v, input.ReadVInt64());
        }
        var bytes = new byte[5];
        input.ReadBytes(bytes, 0, 5);
        Assert.Equal([1, 2, 3, 4, 5], bytes);
        Assert.Equal(input.Length, input.Position);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }

    [Fact]
    public void Clone_ReadsOnItsOwnFromWhereItWas_AndFailsOnceTheFileIsClosed()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("bytes", IOContext.DEFAULT))
            output.WriteBytes(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray(), 100);

        var input = directory.OpenInput("bytes", IOContext.DEFAULT);
        input.Seek(10);
        var clone = (IndexInput)input.Clone();
        input.Seek(50);
        Assert.Equal(10, clone.ReadByte());
        Assert.Equal(50, input.ReadByte());
        Assert.Throws<EndOfStreamException>(() => clone.Seek(101));

        input.Dispose();
        Assert.Throws<ObjectDisposedException>(() => clone.Seek(0));
    }

    [Fact]
    public void EmptyFile_OpensAsEmpty()
    {
        using var directory = new MappedDirectory(_folder);
        directory.CreateOutput("empty", IOContext.DEFAULT).Dispose();

        using var input = directory.OpenInput("empty", IOContext.DEFAULT);
        Assert.Equal(0, input.Length);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }

    // Small segments are written as compound files, read through the directory's slices; large ones as separate files.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Index_WrittenAndSearched_FindsWhatItHolds(bool compound)
    {
        using var directory = new MappedDirectory(_folder);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48)) { UseCompoundFile = compound };
        config.MergePolicy.NoCFSRatio = compound ? 1.0 : 0.0;
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < 500; i++)
                writer.AddDocument(new Document { new TextField("body", $"word{i % 7} common n{i}", Field.Store.YES) });
            writer.Commit();
        }
        Assert.Equal(compound, directory.ListAll().Any(f => f.EndsWith(".cfs", StringComparison.Ordinal)));

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Assert.Equal(71, searcher.Search(new TermQuery(new Term("body", "word3")), 1000).TotalHits);
        var top = searcher.Search(new TermQuery(new Term("body", "n321")), 1);
        Assert.Equal("word6 common n321", searcher.Doc(top.ScoreDocs[0].Doc).Get("body"));
    }
}
