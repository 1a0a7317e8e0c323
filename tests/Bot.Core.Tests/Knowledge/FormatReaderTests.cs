using System.Text;
using Bot.Core.Knowledge;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Bot.Core.Tests.Knowledge;

public sealed class FormatReaderTests
{
    private static IReadOnlyList<Article> Read(IKnowledgeReader reader, byte[] bytes, string name)
    {
        Assert.True(reader.CanRead(name));
        using var stream = new MemoryStream(bytes);
        return reader.Read(stream, name, _ => { }, default);
    }

    [Fact]
    public void Html_SavedNewsPage_GivesBodyTitleAndDateWithoutChrome()
    {
        const string html = """
            <!doctype html><html><head><title>站点名 - 新闻</title>
            <meta property="og:title" content="临港新片区发布新政策">
            <meta property="article:published_time" content="2024-01-05T08:00:00+08:00">
            <script>var tracking = "不该出现的脚本";</script><style>p { color: red }</style></head>
            <body><nav><a href="/">首页</a><a href="/news">新闻导航</a></nav>
            <div class="ad-banner advert">广告：买房就找我们</div>
            <article><h1>临港新片区发布新政策</h1>
              <p>记者从临港新片区管委会获悉，新政策将支持 <b>集成电路</b> 企业落户。</p>
              <p>政策自2024年2月1日起施行。</p>
              <div class="share">分享到微博</div>
            </article>
            <footer>版权所有</footer></body></html>
            """;

        var article = Assert.Single(Read(new HtmlReader(), Encoding.UTF8.GetBytes(html), "page.html"));

        Assert.Equal("临港新片区发布新政策", article.Title);
        Assert.Equal(new DateOnly(2024, 1, 5), article.Date);
        Assert.Equal(["记者从临港新片区管委会获悉，新政策将支持 集成电路 企业落户。", "政策自2024年2月1日起施行。"], article.Paragraphs);
        Assert.DoesNotContain("广告", article.Body);
        Assert.DoesNotContain("tracking", article.Body);
        Assert.DoesNotContain("首页", article.Body);
        Assert.DoesNotContain("分享", article.Body);
    }

    [Fact]
    public void Html_WithoutMarkup_IsRejected()
    {
        Assert.Throws<KnowledgeFormatException>(() => Read(new HtmlReader(), Encoding.UTF8.GetBytes("just words"), "x.html"));
    }

    [Fact]
    public void Pdf_TextOfEachPage_IsRead()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("City council approves the new budget on 2024-01-05.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("The vote was 7 to 2.", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);

        var articles = Read(new PdfReader(), builder.Build(), "budget.pdf");

        var body = string.Join("\n", articles.SelectMany(a => a.Paragraphs));
        Assert.Contains("City council approves the new budget", body);
        Assert.Contains("The vote was 7 to 2.", body);
        Assert.Equal(new DateOnly(2024, 1, 5), articles[0].Date);
    }

    [Fact]
    public void Pdf_Corrupt_IsRejectedWithTheReason()
    {
        var e = Assert.Throws<KnowledgeFormatException>(() => Read(new PdfReader(), Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj garbage"), "bad.pdf"));
        Assert.Contains("PDF", e.Message);
    }

    [Fact]
    public void Docx_TitleParagraphAndBody_AreRead()
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), new Run(new Text("崇明生态岛建设再提速"))),
                new Paragraph(new Run(new Text("本报讯 2024年1月8日，崇明区召开生态岛建设推进会。"))),
                new Paragraph(new Run(new Text("会议提出，今年将新增林地一万亩。")))));
        }

        var article = Assert.Single(Read(new DocxReader(), memory.ToArray(), "eco.docx"));

        Assert.Equal("崇明生态岛建设再提速", article.Title);
        Assert.True(article.HasOwnTitle);
        Assert.Equal(2, article.Paragraphs.Count);
        Assert.Equal(new DateOnly(2024, 1, 8), article.Date);
    }

    [Fact]
    public void Docx_NotAZip_IsRejected()
    {
        var e = Assert.Throws<KnowledgeFormatException>(() => Read(new DocxReader(), Encoding.UTF8.GetBytes("这不是 Word 文件"), "fake.docx"));
        Assert.Contains("docx", e.Message);
    }
}
