namespace Bot.Core.Search;

/// <summary>A question reduced to what can be searched for.</summary>
/// <param name="Text">The question as asked (after trimming).</param>
/// <param name="IsChinese">True when the question holds Chinese characters.</param>
/// <param name="Type">The kind of answer it asks for.</param>
/// <param name="Terms">Its content words, question words removed, without repeats.</param>
/// <param name="Bigrams">The character bigrams (and whole Latin words and numbers) of its content.</param>
public sealed record AnalyzedQuestion(string Text, bool IsChinese, QuestionType Type, IReadOnlyList<QueryTerm> Terms, IReadOnlyList<string> Bigrams)
{

    /// <summary>True when the question asks for the latest news ("最新", "最近", "latest"): newer articles win ties.</summary>
    public bool WantsRecent { get; init; }

    /// <summary>The days articles must be dated in (a question scoped in time), or null: filtered in the index and by the vector stage.</summary>
    public Time.DateRange? Within { get; init; }

    /// <summary>The period of the fact asked about ("2023年上半年"): articles dated in it or shortly after gain a little, none is left out.</summary>
    public Time.DateRange? Period { get; init; }

    /// <summary>True when <paramref name="foldedText"/> holds one of the question's content words of two characters or more.</summary>
    public bool HasWordIn(string foldedText) => Terms.Any(t => t.Text.Length >= 2 && foldedText.Contains(t.Text, StringComparison.Ordinal));

    /// <summary>True when nothing searchable is left.</summary>
    public bool IsEmpty => Terms.Count == 0 && Bigrams.Count == 0;
}
