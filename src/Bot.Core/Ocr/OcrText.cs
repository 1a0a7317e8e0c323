using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Core.Ocr;

/// <summary>Repairs of what Tesseract writes for Chinese text.</summary>
public static partial class OcrText
{
    /// <summary>
    /// <paramref name="text"/> without the spaces Tesseract puts between Chinese characters (and between a Chinese character
    /// and a digit or a mark), keeping those between Latin words; an ASCII comma, colon or semicolon beside a Chinese
    /// character becomes the full-width mark the page printed.
    /// </summary>
    public static string Repair(string text)
    {
        var spaced = CjkSpaces().Replace(text, "");
        var chars = spaced.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is ',' or ':' or ';' && (i > 0 && IsIdeograph(chars[i - 1]) || i + 1 < chars.Length && IsIdeograph(chars[i + 1])))
                chars[i] = FullWidth(chars[i]);
        }
        return MultiSpace().Replace(SpacesAroundWideMarks().Replace(new string(chars), ""), " ").Trim();
    }

    /// <summary>Words of one line joined: a space only between two Latin letters or digits.</summary>
    public static string Join(IEnumerable<string> words)
    {
        var sb = new StringBuilder();
        foreach (var word in words)
        {
            var w = word.Trim();
            if (w.Length == 0)
                continue;
            if (sb.Length > 0 && !IsWide(sb[^1]) && !IsWide(w[0]))
                sb.Append(' ');
            sb.Append(w);
        }
        return Repair(sb.ToString());
    }

    /// <summary>
    /// A paragraph's text with its last mark repaired: Tesseract reads the small full stop that ends a Chinese paragraph as
    /// "-", "." or "·", and a paragraph that seems unfinished would be joined to the next (a column break, to the page repair).
    /// </summary>
    public static string EndParagraph(string paragraph) =>
        paragraph.Length >= 2 && paragraph[^1] is '-' or '.' or '·' or '_' && IsIdeograph(paragraph[^2]) ? paragraph[..^1] + "。" : paragraph;

    /// <summary>True for Chinese, Japanese and Korean characters and the full-width marks.</summary>
    public static bool IsWide(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF'
        or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\u2014' or '\u2026' or '\u00B7';

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static char FullWidth(char c) => c switch { ',' => '，', ':' => '：', ';' => '；', _ => c };

    // A run of spaces with a wide character on at least one side and a wide character or a digit on the other.
    [GeneratedRegex(@"(?<=[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’—…·])[ \t]+(?=[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’—…·0-9,.;:!?%])|(?<=[0-9,.;:!?%])[ \t]+(?=[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’—…·])")]
    private static partial Regex CjkSpaces();

    // Spaces beside a full-width mark ("，", "。", "（"): it carries its own space.
    [GeneratedRegex(@"[ \t]+(?=[\u3000-\u303F\uFF00-\uFF0F\uFF1A-\uFF20])|(?<=[\u3000-\u303F\uFF00-\uFF0F\uFF1A-\uFF20])[ \t]+")]
    private static partial Regex SpacesAroundWideMarks();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultiSpace();
}
