using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Bot.Core.Knowledge;
using Bot.TestSupport;

namespace Bot.Core.Tests.Knowledge;

/// <summary>
/// Every reader over a few thousand inputs mutated from valid ones (a fixed seed, so a failure is found again): the
/// only exception a reader may raise is its format error, and no input may hang it.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Mutations = 1000;
    private static readonly ReadLimits Limits = new(4 << 20, 256 * 1024);
    private static readonly byte[] Structure = "<>{}[]\"\\\n\r\0/:%"u8.ToArray();

    public static TheoryData<string> Formats => ["page.txt", "note.md", "news.jsonl", "news.jsonl.gz", "page.html", "doc.docx", "doc.pdf"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Read_MutatedInputs_GiveArticlesOrAFormatErrorOnly(string name)
    {
        var (reader, seed) = Fixture(name);
        var random = new Random(20241129 + name.Length);
        var unexpected = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var input = Mutate(seed, random);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var watch = Stopwatch.StartNew();
            try
            {
                reader.Read(new MemoryStream(input), name, _ => { }, cancel.Token);
            }
            catch (KnowledgeFormatException)
            {
            }
            catch (Exception e)
            {
                unexpected.Add($"mutation {i}: {e.GetType().Name}: {e.Message}");
            }
            // A hang detector, far above any real read: a stuck reader fails here instead of stalling the suite.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"mutation {i} of {name} took {watch.Elapsed}");
        }

        Assert.Empty(unexpected);
    }

    private static (IKnowledgeReader Reader, byte[] Seed) Fixture(string name)
    {
        var page = File.ReadAllBytes(RepoPaths.SeedPage);
        var text = Encoding.UTF8.GetString(page);
        return name switch
        {
            "page.txt" => (new PlainTextReader(Limits), page),
            "note.md" => (new MarkdownReader(Limits), Encoding.UTF8.GetBytes("---\ntitle: 笔记\ndate: 2024-01-05\n---\n\n# 标题\n\n" + text[..2000])),
            "news.jsonl" => (new JsonlReader(Limits), Encoding.UTF8.GetBytes(SyntheticNews.Jsonl(20))),
            "news.jsonl.gz" => (new JsonlReader(Limits), Gzip(Encoding.UTF8.GetBytes(SyntheticNews.Jsonl(20)))),
            "page.html" => (new HtmlReader(Limits), Encoding.UTF8.GetBytes(
                $"<html><head><title>新闻</title><meta property=\"og:title\" content=\"标题\"></head><body><nav>导航</nav><article><h1>标题</h1><p>{text[..1500]}</p><p>{text[1500..3000]}</p></article></body></html>")),
            "doc.docx" => (new DocxReader(Limits), Docx(text[..3000])),
            "doc.pdf" => (new PdfReader(Limits), Pdf()),
            _ => throw new ArgumentException(name),
        };
    }

    // Byte flips, cuts, repeats and insertions of structure characters, one to a few per input.
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 64)).ToArray());
                    break;
                case 3:
                    bytes.Insert(at, Structure[random.Next(Structure.Length)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            gzip.Write(data);
        return memory.ToArray();
    }

    private static byte[] Docx(string text)
    {
        using var memory = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(memory, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                text.Split('\n').Select(p => new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                    new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(p))))));
        }
        return memory.ToArray();
    }

    private static byte[] Pdf()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("City council approves the new budget on 2024-01-05.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("The vote was 7 to 2.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        return builder.Build();
    }
}
