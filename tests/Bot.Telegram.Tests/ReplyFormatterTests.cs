using Bot.Core.Answering;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Tests;

public sealed class ReplyFormatterTests
{
    [Fact]
    public void Format_EscapesTextAndListsSourcesWithDates()
    {
        var answer = new Answer("问题？", "A <b> & C", AnswerStatus.Answered,
            [new Citation("x#1", "标题 <一>", "x.txt", new DateOnly(2024, 1, 5), "text", 1)], TimeSpan.Zero);

        var message = Assert.Single(ReplyFormatter.Format(answer));

        Assert.StartsWith("A &lt;b&gt; &amp; C", message);
        Assert.EndsWith("\n\n[1] 《标题 &lt;一&gt;》 2024-01-05", message);
    }

    [Fact]
    public void Format_SourceReadByOcr_SaysOcr()
    {
        var answer = new Answer("问题？", "新码头设有4个泊位。", AnswerStatus.Answered,
            [new Citation("page.png#2", "江心岛客运码头改造完工", "page.png", null, "text", 1) { Ocr = true }, new Citation("x#1", "标题", "x.txt", null, "text", 1)], TimeSpan.Zero);

        var message = Assert.Single(ReplyFormatter.Format(answer));

        Assert.EndsWith("\n\n[1] 《江心岛客运码头改造完工》 (OCR)\n[2] 《标题》", message);
    }

    [Fact]
    public void Pack_LongBlocks_AreCutOutsideTagsAndEntities()
    {
        var blocks = Enumerable.Range(0, 30).Select(i => HtmlText.Escape(new string('字', 150) + "&<>" + i)!).Append("<b>来源</b>\n1. t").ToList();

        var messages = ReplyFormatter.Pack(blocks, limit: 1000);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.InRange(HtmlText.PlainLength(m), 1, 1000));
        Assert.Equal(string.Join("\n\n", blocks.Select(HtmlText.ToPlain)), string.Join("\n\n", messages.Select(HtmlText.ToPlain)));
    }
}
