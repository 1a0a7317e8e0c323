using Bot.Core.Indexing;

namespace Bot.Core.Answering;

/// <summary>
/// One step of <see cref="AnswerPipeline"/> after the question is analysed: it reads the draft and returns it, changed
/// or decided (<see cref="AnswerDraft.Decide"/>). Stages run in <see cref="Order"/>; a new one (a time scope, a curated
/// answer) is one class registered as <see cref="IAnswerStage"/>. Once a draft is decided no further stage runs.
/// </summary>
public interface IAnswerStage
{
    /// <summary>Where the stage runs: retrieval is at <see cref="AnswerPipeline.RetrievalOrder"/>, the scope check after it.</summary>
    int Order { get; }

    /// <summary>Runs the stage on <paramref name="draft"/> over the leased <paramref name="snapshot"/>.</summary>
    ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken);
}
