namespace Bot.Core.Answering;

/// <summary>The reply to one question.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="Text">The answer text, or the message that explains why there is none.</param>
/// <param name="Status">Answered, not found or invalid.</param>
/// <param name="Sources">The sources, most relevant first (for a decline: the nearest articles).</param>
/// <param name="Elapsed">How long answering took.</param>
public sealed record Answer(string Question, string Text, AnswerStatus Status, IReadOnlyList<Citation> Sources, TimeSpan Elapsed)
{
    /// <summary>True when the answer comes from the knowledge.</summary>
    public bool Answered => Status == AnswerStatus.Answered;

    /// <summary>The question that was searched for, when a follow-up was made standalone.</summary>
    public string? StandaloneQuestion { get; init; }

    /// <summary>How the answer was made: offline, by the LLM, or offline because the LLM failed.</summary>
    public AnswerMode Mode { get; init; } = AnswerMode.Offline;

    /// <summary>The days the answer was looked for in, when the question was scoped in time ("上周", "yesterday"); else null.</summary>
    public Time.DateRange? DateRange { get; init; }

    /// <summary>Why the knowledge did not answer (a decline); null for an answer, or a decline the pipeline does not name.</summary>
    public DeclineReason? Declined { get; init; }

    /// <summary>A note for the reader (e.g. that the LLM failed and the offline answer is shown).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Near articles the answer does not quote, numbered after <see cref="Sources"/>: shown apart (<see cref="RelatedLine"/>,
    /// buttons), never as sources.
    /// </summary>
    public IReadOnlyList<Citation> Related { get; init; } = [];

    /// <summary>The related articles on one line in the answer's language ("相关：[2] 《title》"), or null when there are none.</summary>
    public string? RelatedLine { get; init; }

    /// <summary>The sources as a reader sees them, one a line: "[1] 《title》 2024-01-05".</summary>
    public IEnumerable<string> SourceLines => Sources.Select((s, i) => $"[{i + 1}] {s.Label}");

    /// <summary>
    /// What the pipeline found for this answer (retrieval, scope, the LLM context), when the asker asked for it
    /// (<see cref="AnswerRequest.WithContext"/>); null otherwise, so that a kept answer does not hold a snapshot's articles.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AnswerDraft? Draft { get; init; }

    /// <summary>The answer's sentences with the source each comes from (1-based, into <see cref="Sources"/>), when known.</summary>
    public IReadOnlyList<AnswerPart>? Parts { get; init; }

    /// <summary>
    /// The text as a reader sees it: each run of sentences from one source followed by its marker, "…建成。[1]". Without
    /// <see cref="Parts"/> (an LLM's answer carries its own markers, a decline has none) the text as it is.
    /// </summary>
    public string Marked
    {
        get
        {
            if (Parts is not { Count: > 0 })
                return Text;
            var sb = new System.Text.StringBuilder();
            for (var i = 0; i < Parts.Count; i++)
            {
                sb.Append(Parts[i].Text);
                if (Parts[i].Source > 0 && (i + 1 == Parts.Count || Parts[i + 1].Source != Parts[i].Source))
                    sb.Append('[').Append(Parts[i].Source).Append(']');
            }
            return sb.ToString();
        }
    }
}

/// <summary>A sentence of an answer and the number of its source (0: none).</summary>
public sealed record AnswerPart(string Text, int Source);
