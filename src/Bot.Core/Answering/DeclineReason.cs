namespace Bot.Core.Answering;

/// <summary>Why the knowledge did not answer a question (<see cref="Answer.Declined"/>): what the operator's inbox shows.</summary>
public enum DeclineReason
{
    /// <summary>Declined for a reason the pipeline does not name (an LLM that found nothing in the passages).</summary>
    Other,

    /// <summary>No knowledge is loaded.</summary>
    NoKnowledge,

    /// <summary>The question has nothing to search for.</summary>
    NoContent,

    /// <summary>No passage holds enough of the question's words (<c>Answering:MinCoverage</c>).</summary>
    NoPassage,

    /// <summary>A name the question asks about appears nowhere in the knowledge.</summary>
    AbsentName,

    /// <summary>What the question asks about appears nowhere in the knowledge.</summary>
    AbsentThing,

    /// <summary>The measured thing of a 多少 question is there, but no figure for it.</summary>
    NoFigure,

    /// <summary>Nothing in the days the question is scoped to.</summary>
    OutOfRange,

    /// <summary>The role or attribute the question asks for (党委书记, 总投资) is stated by no sentence chosen to answer.</summary>
    AbsentAttribute,
}
