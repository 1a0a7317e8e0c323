using System.Buffers;

namespace Bot.Core.Knowledge;

/// <summary>Cuts text into sentences on Chinese and Western sentence punctuation.</summary>
public static class SentenceSplitter
{
    private const string Enders = "。！？!?…";
    private const string Closers = "”’」』）)】\"'》";

    // Every character that can end or affect a sentence cut; the text between them is skipped with a vectorised search.
    private static readonly SearchValues<char> Marks = SearchValues.Create(Enders + "\n.《》");

    /// <summary>The sentences of <paramref name="text"/>, each with its closing punctuation; newlines always end a sentence.</summary>
    public static IReadOnlyList<string> Split(string text) => Spans(text).Select(r => text[r.Start..r.End]).ToList();

    /// <summary>Where the sentences of <paramref name="text"/> stand, white space around them left out.</summary>
    public static IReadOnlyList<(int Start, int End)> Spans(string text)
    {
        var sentences = new List<(int, int)>();
        var start = 0;
        var title = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var skip = text.AsSpan(i).IndexOfAny(Marks);
            if (skip < 0)
                break;
            i += skip;
            var c = text[i];
            var end = -1;
            if (c == '\n')
            {
                end = i;
            }
            else if (c == '《')
            {
                title = i;
            }
            else if (c == '》')
            {
                title = -1;
            }
            else if ((Enders.Contains(c) || (c == '.' && IsWesternFullStop(text, i))) && !InsideTitle(text, title, i))
            {
                end = i + 1;
                while (end < text.Length && (Enders.Contains(text[end]) || Closers.Contains(text[end])))
                    end++;
                i = end - 1;
            }
            if (end < 0)
                continue;
            Add(start, end);
            start = end;
            title = -1;
        }
        Add(start, text.Length);
        return sentences;

        void Add(int from, int to)
        {
            while (from < to && IsBlank(text[from]))
                from++;
            while (to > from && IsBlank(text[to - 1]))
                to--;
            if (to > from)
                sentences.Add((from, to));
        }
    }

    // A work's name may hold sentence punctuation (《卡拉OK.LIVE！‧台北‧我》, 《你好，旧时光？》): inside a short 《…》 that
    // closes soon it does not end the sentence. An unclosed or long 《 is a stray mark and is ignored.
    private const int MaxTitleLength = 40;

    private static bool InsideTitle(string text, int open, int i)
    {
        if (open < 0 || i - open > MaxTitleLength)
            return false;
        for (var j = i + 1; j < text.Length && j - open <= MaxTitleLength; j++)
        {
            if (text[j] == '》')
                return true;
            if (text[j] is '《' or '\n')
                return false;
        }
        return false;
    }

    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || c is '\uFEFF';

    // "6.0版", "U.S." and "3.5" are not sentence ends; ". " followed by more text is.
    private static bool IsWesternFullStop(string text, int i)
    {
        if (i + 1 >= text.Length)
            return true;
        var next = text[i + 1];
        if (char.IsDigit(next) || char.IsLetter(next) && !TextRules.IsCjk(next))
            return false;
        if (i > 0 && char.IsUpper(text[i - 1]) && (i < 2 || !char.IsLetter(text[i - 2])))
            return false;
        return char.IsWhiteSpace(next) || TextRules.IsCjk(next) || Closers.Contains(next);
    }
}
