using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>The part of a sentence an answer quotes: <paramref name="Text"/>, how well it answers, and whether it holds what is asked.</summary>
/// <param name="Text">The clause or adjacent clauses, as written (the whole sentence when no span of it holds what is asked).</param>
/// <param name="Score">Its share of the question and evidence, less its length.</param>
/// <param name="HoldsEvidence">True when it holds something of the kind the question asks for (a figure, a date …).</param>
public sealed record ClauseSpan(string Text, double Score, bool HoldsEvidence);

/// <summary>
/// Finds the smallest span of a sentence that answers: the clause, or two adjacent clauses, holding most of the
/// question's words and something of the kind the question asks for (a figure for 多少/几/百分之几, a date for 何时, a
/// person for 谁, a place for 哪里). A clause ends at "，", "；" or "：" outside quotes and brackets, never inside a
/// figure ("1,000").
/// </summary>
public static class ClauseSpans
{
    /// <summary>The clauses of <paramref name="sentence"/> as (start, length), each with the mark that ends it.</summary>
    public static List<(int Start, int Length)> Split(string sentence)
    {
        var clauses = new List<(int, int)>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < sentence.Length; i++)
        {
            var c = sentence[i];
            if (Opening.Contains(c))
                depth++;
            else if (Closing.Contains(c))
                depth = Math.Max(0, depth - 1);
            else if (depth == 0 && Ends.Contains(c) && !(c == ',' && i > 0 && i + 1 < sentence.Length && char.IsAsciiDigit(sentence[i - 1]) && char.IsAsciiDigit(sentence[i + 1])))
            {
                clauses.Add((start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < sentence.Length)
        {
            if (sentence.AsSpan(start).Trim().Length > 0 || clauses.Count == 0)
                clauses.Add((start, sentence.Length - start));
            else
                clauses[^1] = (clauses[^1].Item1, sentence.Length - clauses[^1].Item1);
        }
        return clauses;
    }

    /// <summary>
    /// The best span of <paramref name="sentence"/> for <paramref name="question"/>: the clause holding most of the
    /// question (<paramref name="coverage"/>) and, for a question of a kind, something of that kind; then the clause
    /// after it and the one before, in turn, while the span stays within <see cref="RankingWeights.ClauseMaxChars"/>
    /// (an answer often stands in the clause after the one that repeats the question: "…庭审工作将于5月20日开始，并将持续两周").
    /// </summary>
    public static ClauseSpan Best(string sentence, AnalyzedQuestion question, TermCoverage coverage, string foldedQuestion, RankingWeights weights)
    {
        var clauses = Split(sentence);
        if (clauses.Count <= 1 || weights.ClauseMaxChars <= 0)
            return new ClauseSpan(sentence, Score(sentence), AnswerEvidence.Holds(question.Type, sentence, foldedQuestion));
        var anchor = 0;
        var best = double.MinValue;
        for (var i = 0; i < clauses.Count; i++)
        {
            var text = sentence.Substring(clauses[i].Start, clauses[i].Length);
            var score = Score(text) + (AnswerEvidence.Holds(question.Type, text, foldedQuestion) ? weights.ClauseEvidence : 0);
            if (score > best)
                (anchor, best) = (i, score);
        }
        var (from, to) = (anchor, anchor);
        for (var grew = true; grew;)
        {
            grew = false;
            if (to + 1 < clauses.Count && End(to + 1) - clauses[from].Start <= weights.ClauseMaxChars)
                (to, grew) = (to + 1, true);
            if (from > 0 && End(to) - clauses[from - 1].Start <= weights.ClauseMaxChars)
                (from, grew) = (from - 1, true);
        }
        var span = sentence[clauses[from].Start..End(to)];
        var holds = AnswerEvidence.Holds(question.Type, span, foldedQuestion);
        // Cut only when the span holds the kind of thing asked: for 什么/如何 nothing tells which clause answers, and
        // cutting every answer costs more than it saves (RankingWeights.ClauseMaxChars).
        return new ClauseSpan(holds ? Trim(span) : sentence, best, holds);

        int End(int i) => clauses[i].Start + clauses[i].Length;

        double Score(string text)
        {
            var folded = QuestionAnalyzer.Fold(text);
            return coverage.Words(folded) * weights.WindowWordShare + coverage.Bigrams(folded) * weights.WindowBigramShare;
        }
    }

    // The span without the mark that ended its last clause ("，"), ended as a sentence would be.
    private static string Trim(string span)
    {
        var text = span.Trim();
        while (text.Length > 0 && Ends.Contains(text[^1]))
            text = text[..^1];
        return text.Length == 0 ? span : text + (EndsSentence(text) ? "" : "。");
    }

    private static bool EndsSentence(string text) => text[^1] is '。' or '！' or '？' or '!' or '?' or '…' or '”' or '」' or '）' or ')';

    private const string Ends = "，,；;：:";
    private const string Opening = "“「『《（(【〔";
    private const string Closing = "”」』》）)】〕";
}
