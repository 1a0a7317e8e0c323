using Lucene.Net.Analysis;

namespace Bot.Core.Search;

/// <summary>
/// Traditional characters folded to simplified ones (臺→台, 橋→桥, 後→后), one character for one, so that a question
/// written in traditional Chinese finds articles written in simplified Chinese and the other way round: questions and
/// the index are folded alike (<see cref="QuestionAnalyzer.FoldChar"/>, <see cref="ChineseAnalysis"/>), and what is
/// shown is never folded. The table is OpenCC's <c>TSCharacters.txt</c> (Apache-2.0), each character's first
/// simplified form; a character that stays itself in simplified text (乾 in 乾隆 is folded to 干 on both sides alike)
/// only joins two forms, which matching tolerates.
/// </summary>
public static class ChineseScript
{
    private static readonly char[] Simplified = Load();

    /// <summary><paramref name="c"/> in its simplified form (itself when it has none).</summary>
    public static char Simplify(char c) => Simplified[c];

    /// <summary><paramref name="text"/> with every character simplified, one for one.</summary>
    public static string Simplify(string text) => string.Create(text.Length, text, (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
            chars[i] = Simplified[source[i]];
    });

    /// <summary>A reader of <paramref name="input"/> with every character simplified; offsets stay as they were.</summary>
    public static TextReader Simplifying(TextReader input) => new SimplifyingFilter(input);

    private static char[] Load()
    {
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c < table.Length; c++)
            table[c] = (char)c;
        using var stream = typeof(ChineseScript).Assembly.GetManifestResourceStream("Bot.Core.Search.TSCharacters.txt")
            ?? throw new InvalidOperationException("The traditional-to-simplified table is not embedded.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // "臺\t台" or "乾\t干 乾": the key, a tab, the simplified forms (the first is the usual one).
            var tab = line.IndexOf('\t');
            if (line.StartsWith('#') || tab != 1 || line.Length < 3 || (line.Length > 3 && line[3] != ' ') || char.IsSurrogate(line[2]))
                continue;
            table[line[0]] = line[2];
        }
        // Hong Kong's standard forms, which OpenCC keeps in another table (衞生, 敍述, 枱). 著 is left as it is, though
        // Taiwan writes 隨著 where the mainland writes 随着: folding it to 着 everywhere (著名 too) cost 2 CMRC 2018 trial
        // answers (0.862 → 0.860, 2026-12-08).
        foreach (var (variant, simplified) in new[] { ('衞', '卫'), ('敍', '叙'), ('枱', '台') })
        {
            if (table[variant] == variant)
                table[variant] = simplified;
        }
        return table;
    }

    // One character for one, so that offsets need no correction.
    private sealed class SimplifyingFilter(TextReader input) : CharFilter(input)
    {
        public override int Read(char[] buffer, int index, int count)
        {
            var read = m_input.Read(buffer, index, count);
            for (var i = index; i < index + read; i++)
                buffer[i] = Simplified[buffer[i]];
            return read;
        }

        public override int Read()
        {
            var c = m_input.Read();
            return c < 0 ? c : Simplified[c];
        }

        protected override int Correct(int currentOff) => currentOff;
    }
}
