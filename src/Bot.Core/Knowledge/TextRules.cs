namespace Bot.Core.Knowledge;

/// <summary>Character-level facts about Chinese and Western text shared by the readers and the answerers.</summary>
public static class TextRules
{
    private const string SentenceEnders = "。！？!?…；;：:．";
    private const string Closers = "”’」』）)】\"'》";

    /// <summary>True for CJK ideographs (the unified block and extension A) and the compatibility block.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>True when the text holds at least one CJK ideograph.</summary>
    public static bool ContainsCjk(string text) => text.Any(IsCjk);

    /// <summary>
    /// True when the line ends a sentence: a full stop, question or exclamation mark, ellipsis, semicolon or colon,
    /// optionally followed by closing quotes or brackets. A Western full stop counts too.
    /// </summary>
    public static bool EndsSentence(string line)
    {
        var end = line.Length - 1;
        while (end >= 0 && (char.IsWhiteSpace(line[end]) || Closers.Contains(line[end])))
            end--;
        if (end < 0)
            return false;
        var c = line[end];
        return SentenceEnders.Contains(c) || c == '.';
    }

    /// <summary>Trims ASCII and ideographic white space.</summary>
    public static string TrimAll(string s) => s.Trim().Trim('\u3000', '\u00A0', '\uFEFF').Trim();

    /// <summary>Joins two halves of a paragraph cut by a column break: Western words keep a space between them.</summary>
    public static string JoinBroken(string head, string tail)
    {
        if (head.Length == 0)
            return tail;
        if (tail.Length == 0)
            return head;
        var last = head[^1];
        var first = tail[0];
        if (last == '-' && char.IsAsciiLetter(first))
            return head[..^1] + tail;
        return char.IsAsciiLetterOrDigit(last) && char.IsAsciiLetterOrDigit(first) ? head + " " + tail : head + tail;
    }
}
