using System.IO.Compression;
using System.Text;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Knowledge;

/// <summary>Bombs and runaway inputs made by the tests: each is stopped at its bound and named, the rest still loads.</summary>
public sealed class ReadLimitsTests
{
    private static readonly ReadLimits Small = new(MaxBytes: 1 << 20, MaxLineBytes: 64 * 1024);

    private static KnowledgeLoadResult Load(TempFolder folder, Dictionary<string, string?>? settings = null)
    {
        using var services = CoreFactory.Services(folder.Path, settings ?? new Dictionary<string, string?>
        {
            ["Knowledge:MaxFileBytes"] = Small.MaxBytes.ToString(),
            ["Knowledge:MaxLineBytes"] = Small.MaxLineBytes.ToString(),
        });
        return services.GetRequiredService<KnowledgeLoader>().Load(folder.Path);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.SmallestSize))
            gzip.Write(data);
        return memory.ToArray();
    }

    [Fact]
    public void Load_GzipBomb_IsSkippedAtTheBoundOnWhatItDecompressesTo()
    {
        using var folder = new TempFolder();
        // 64 MB of one line, about 64 KB on disk.
        var line = new byte[64 << 20];
        line.AsSpan().Fill((byte)'a');
        folder.Write("bomb.jsonl.gz", Gzip(line));
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));

        var result = Load(folder);

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("bomb.jsonl.gz", skipped.Path);
        Assert.Contains("decompresses to more than 1,048,576 bytes", skipped.Reason);
        Assert.Equal(3, result.Articles.Count);
    }

    [Fact]
    public void Load_JsonlLineOverTheBound_IsSkippedAndTheOtherLinesLoad()
    {
        using var folder = new TempFolder();
        var longLine = "{\"id\":\"long\",\"title\":\"长\",\"text\":\"" + new string('长', 40_000) + "\"}";
        folder.Write("news.jsonl", "{\"id\":\"a\",\"title\":\"甲\",\"text\":\"甲文章。\"}\n" + longLine + "\n{\"id\":\"b\",\"title\":\"乙\",\"text\":\"乙文章。\"}\n");

        var result = Load(folder);

        Assert.Equal(["a", "b"], result.Articles.Select(a => a.Id));
        Assert.Contains(result.Warnings, w => w.Contains("line 2 skipped: longer than 65,536 bytes (Knowledge:MaxLineBytes)"));
    }

    [Fact]
    public void Read_DocxDeclaringMoreThanTheBound_IsRefused()
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text(new string('崇', 1_000_000))))));
        }

        var e = Assert.Throws<KnowledgeFormatException>(() => new DocxReader(Small).Read(new MemoryStream(memory.ToArray()), "bomb.docx", _ => { }, default));

        Assert.Contains("decompresses to more than", e.Message);
    }

    [Fact]
    public void Read_PdfWhoseStreamInflatesPastTheBound_IsRefused()
    {
        using var zlib = new MemoryStream();
        using (var z = new ZLibStream(zlib, CompressionLevel.SmallestSize))
            z.Write(new byte[32 << 20]);
        var data = zlib.ToArray();
        var pdf = new MemoryStream();
        pdf.Write(Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj\n<< /Length {data.Length} /Filter /FlateDecode >>\nstream\n"));
        pdf.Write(data);
        pdf.Write(Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"));

        var e = Assert.Throws<KnowledgeFormatException>(() => new PdfReader(Small).Read(new MemoryStream(pdf.ToArray()), "bomb.pdf", _ => { }, default));

        Assert.Contains("streams decompress to more than", e.Message);
    }

    [Fact]
    public void Read_DeeplyNestedHtml_IsRefusedBeforeParsing()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "深" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";

        var e = Assert.Throws<KnowledgeFormatException>(() => new HtmlReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(html)), "deep.html", _ => { }, default));

        Assert.Contains("nested deeper than 1000", e.Message);
    }

    [Fact]
    public void Read_PageWithManyUnclosedParagraphs_IsNotMistakenForDeepNesting()
    {
        var html = "<html><body><article><h1>标题</h1>" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p>第{i}段。<br>")) + "</article></body></html>";

        var article = Assert.Single(new HtmlReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(html)), "long.html", _ => { }, default));

        Assert.Contains("第2999段。", article.Body);
    }
}
