using System.Text.RegularExpressions;

namespace Bot.Core.Answering;

/// <summary>
/// Takes what is not the news out of a quoted sentence: bylines in full- or half-width brackets ("（记者 王晓峰）",
/// "(通讯员 李明)"), a dateline's agency ("本报讯", "新华社北京8月3日电"), editor's notes ("编者按：…", "（编者注：…）") and
/// photo credits ("（王晓峰 摄）", "新华社记者 李明 摄"), a reprint's original headline ("原标题：…" up to the gap that
/// ends it) and a news site's dateline ("参考消息网7月25日报道"). The article keeps them: they stay searchable.
/// </summary>
public static partial class QuoteCleaner
{
    /// <summary><paramref name="sentence"/> without bylines, editor's notes and photo credits; empty when it was nothing else.</summary>
    public static string Clean(string sentence)
    {
        var text = OriginalTitleRegex().Replace(sentence, "");
        text = BracketedRegex().Replace(text, "");
        text = LeadRegex().Replace(text, "");
        text = CreditRegex().Replace(text, "");
        text = NoteRegex().Replace(text, "");
        return text.Trim().Trim('\u3000').Trim();
    }

    // A reprint's original headline at the start: "原标题：…" up to the run of spaces that ends it in the page's layout.
    // Without that gap the headline's end is not known, and the sentence is left whole.
    [GeneratedRegex(@"^\s*原标题\s*[:：].*?[ \t\u3000\u00a0]{2,}")]
    private static partial Regex OriginalTitleRegex();

    // A bracket that holds a byline, a photo credit or an editor's note.
    [GeneratedRegex(@"[（(]\s*(?:本报)?(?:记者|通讯员|特约记者|见习记者|实习生|编辑|责任编辑|责编|编者注|编者按|图片来源|图源|来源|摄影|摄|图)[^（()）]{0,40}[)）]|[（(][^（()）]{1,30}(?:摄|/摄|供图|图)\s*[)）]")]
    private static partial Regex BracketedRegex();

    // A dateline at the start: "本报讯", "本报记者 王晓峰", "新华社北京8月3日电", "参考消息网7月25日报道".
    [GeneratedRegex(@"^\s*(?:本报讯|本报综合报道|[\u4e00-\u9fff]{2,6}网\d{1,2}月\d{1,2}日(?:电|讯|报道)[，,]?|(?:新华社|中新社|本报)(?:记者\s*[\u4e00-\u9fff·]{2,8}\s*)?[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电)\s*")]
    private static partial Regex LeadRegex();

    // A photo credit outside brackets: "新华社记者 李明 摄", "记者 王晓峰/摄".
    [GeneratedRegex(@"(?:新华社|本报|中新社)?记者\s*[\u4e00-\u9fff·]{2,8}(?:\s*[、，]\s*[\u4e00-\u9fff·]{2,8})*\s*/?摄\s*$")]
    private static partial Regex CreditRegex();

    // An editor's note.
    [GeneratedRegex(@"^\s*(?:编者按|编者注|编辑注)[:：].*$")]
    private static partial Regex NoteRegex();
}
