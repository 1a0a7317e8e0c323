using System.Diagnostics;
using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>
/// What <see cref="AnswerPipeline"/> found for one question, before any writer words it: the standalone question, its
/// analysis, the retrieval with every stage's ranking, the scope's verdict and the passages an LLM reads. A writer turns
/// it into an <see cref="Answer"/>; a fallback is another writer on the same draft, so nothing is looked up twice.
/// </summary>
public sealed record AnswerDraft
{
    /// <summary>The question as asked.</summary>
    public required string Question { get; init; }

    /// <summary>The language replies are written in, that of the question.</summary>
    public required string Language { get; init; }

    /// <summary>The question as searched for: the asked one trimmed, or a follow-up made standalone.</summary>
    public string Standalone { get; init; } = "";

    /// <summary>The standalone question when it differs from the one asked, else null (what <see cref="Answer.StandaloneQuestion"/> shows).</summary>
    public string? Changed { get; init; }

    /// <summary>The conversation's earlier turns.</summary>
    public IReadOnlyList<ConversationTurn>? History { get; init; }

    /// <summary>The analysis of <see cref="Standalone"/>.</summary>
    public AnalyzedQuestion Analyzed { get; init; } = NoQuestion;

    /// <summary>Ranked articles and the sentences chosen to answer (<see cref="Retrieval.None"/> before retrieval).</summary>
    public Retrieval Retrieval { get; init; } = Retrieval.None;

    /// <summary>The passages an LLM reads, when a writer reads them or the asker asked for them; else null.</summary>
    public AnswerContext? Context { get; init; }

    /// <summary>
    /// The reply when the question cannot be answered from the knowledge, decided before any writer: an invalid question,
    /// no knowledge, a question with no content (<see cref="DraftEnd.Early"/>), or a decline by scope (<see cref="DraftEnd.Declined"/>).
    /// </summary>
    public Answer? Reply { get; init; }

    /// <summary>Why <see cref="Reply"/> was decided.</summary>
    public DraftEnd End { get; init; }

    /// <summary>Today's date where the question was asked (<c>Answering:TimeZone</c>), told to an LLM; null before the time scope ran.</summary>
    public DateOnly? Today { get; init; }

    /// <summary>The days a question scoped in time is answered from (<see cref="TimeScopeStage"/>), or null.</summary>
    public Time.DateRange? DateRange { get; init; }

    /// <summary>What an answer from a scoped question opens with: the range used ("1月1日至7日的报道中："), or null.</summary>
    public string? ScopeNote { get; init; }

    /// <summary>
    /// <paramref name="answer"/> as written from this draft, with the range used: stated before the answer's text when the
    /// question was scoped in time, and in <see cref="Answer.DateRange"/>.
    /// </summary>
    public Answer Scoped(Answer answer)
    {
        if (DateRange is null)
            return answer;
        if (ScopeNote is not { } note || !answer.Answered)
            return answer with { DateRange = DateRange };
        return answer with
        {
            Text = note + answer.Text,
            Parts = answer.Parts is { } parts ? [new AnswerPart(note, 0), .. parts] : null,
            DateRange = DateRange,
        };
    }

    /// <summary>True when the LLM was asked while drafting (a follow-up's rewrite) and failed: writers go straight to the fallback.</summary>
    public bool LlmFailed { get; init; }

    /// <summary>How long retrieval and building the context took.</summary>
    public DraftTimings Timings { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>When answering began (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Started { get; init; } = Stopwatch.GetTimestamp();

    /// <summary>Time since answering began.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Started);

    /// <summary>True when a reply was decided before any writer.</summary>
    public bool Decided => Reply is not null;

    /// <summary>This draft decided: <paramref name="reply"/> stands, for the reason <paramref name="end"/>.</summary>
    public AnswerDraft Decide(Answer reply, DraftEnd end = DraftEnd.Declined) =>
        this with { Reply = end == DraftEnd.Declined ? reply with { StandaloneQuestion = Changed } : reply, End = end };

    private static readonly AnalyzedQuestion NoQuestion = QuestionAnalyzer.Analyze("");
}

/// <summary>What the steps of drafting cost: retrieval (ranking and sentence selection) and the LLM context.</summary>
public sealed record DraftTimings(TimeSpan Retrieval, TimeSpan Context);

/// <summary>Why a draft was decided before any writer.</summary>
public enum DraftEnd
{
    /// <summary>Not decided: a writer answers.</summary>
    Open,

    /// <summary>Nothing to search with: an invalid question, no knowledge loaded, or a question with no content; every writer returns it as it is.</summary>
    Early,

    /// <summary>The knowledge does not hold the answer (too little of the question found, or a name or figure absent).</summary>
    Declined,
}
