namespace Bot.Core.Knowledge;

/// <summary>Cuts text into sentences on Chinese and Western sentence punctuation.</summary>
public static class SentenceSplitter
{
    private const string Enders = "。！？!?…";
    private const string Closers = "”’」』）)】\"'》";

    /// <summary>The sentences of <paramref name="text"/>, each with its closing punctuation; newlines always end a sentence.</summary>
    public static IReadOnlyList<string> Split(string text) => Spans(text).Select(r => text[r.Start..r.End]).ToList();

    /// <summary>Where the sentences of <paramref name="text"/> stand, white space around them left out.</summary>
    public static IReadOnlyList<(int Start, int End)> Spans(string text)
    {
        var sentences = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = -1;
            if (c == '\n')
            {
                end = i;
            }
            else if (Enders.Contains(c) || (c == '.' && IsWesternFullStop(text, i)))
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
