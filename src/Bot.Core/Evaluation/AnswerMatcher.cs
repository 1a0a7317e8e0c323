using System.Globalization;
using System.Text;

namespace Bot.Core.Evaluation;

/// <summary>Decides whether an answer contains a gold answer, after normalising width, spaces and punctuation.</summary>
public static class AnswerMatcher
{
    /// <summary>True when <paramref name="answer"/> contains one of <paramref name="gold"/>.</summary>
    public static bool Contains(string answer, IEnumerable<string> gold)
    {
        var normalized = Normalize(answer);
        return gold.Select(Normalize).Any(g => g.Length > 0 && normalized.Contains(g, StringComparison.Ordinal));
    }

    /// <summary>NFKC (full-width to half-width), lower case, without white space, punctuation or symbols.</summary>
    public static string Normalize(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || category is UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol or UnicodeCategory.CurrencySymbol)
                continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
