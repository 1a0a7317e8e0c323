namespace Bot.Core.Answering;

/// <summary>Turns an open draft (<see cref="AnswerDraft.Decided"/> false) into an answer: extractive, or written by an LLM.</summary>
public interface IAnswerWriter
{
    /// <summary>True when the writer reads the draft's LLM context (<see cref="AnswerDraft.Context"/>).</summary>
    bool ReadsContext { get; }

    /// <summary>Writes the answer for <paramref name="draft"/>, reporting the text so far to <paramref name="progress"/> if it writes progressively.</summary>
    Task<Answer> WriteAsync(AnswerDraft draft, IProgress<string>? progress, CancellationToken cancellationToken);
}
