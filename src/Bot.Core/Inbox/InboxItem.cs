namespace Bot.Core.Inbox;

/// <summary>A question the bot let down: declined, or answered and rated 👎.</summary>
/// <param name="Chat">The chat it was asked in.</param>
/// <param name="Thread">The forum topic it was asked in, or null.</param>
/// <param name="Message">The message that asked it.</param>
/// <param name="Time">When.</param>
/// <param name="Reason">Why: a <see cref="Answering.DeclineReason"/>'s name, or <see cref="Disliked"/>.</param>
/// <param name="Question">The question's text, when questions are kept; else null.</param>
/// <param name="Words">Its analysed words (<see cref="QuestionWords.Of(string)"/>): what similar questions share.</param>
public sealed record InboxItem(long Chat, int? Thread, int Message, DateTimeOffset Time, string Reason, string? Question, string Words)
{
    /// <summary>The reason of an answer rated 👎.</summary>
    public const string Disliked = "Disliked";

    /// <summary>The id of the group of questions with the same words.</summary>
    public string Group => QuestionWords.GroupId(Words);
}

/// <summary>Questions with the same analysed words, counted.</summary>
/// <param name="Id">A short stable id of the words (<see cref="QuestionWords.GroupId"/>), what buttons and replies name.</param>
/// <param name="Words">The analysed words.</param>
/// <param name="Question">The newest kept text of these questions, or null when none was kept.</param>
/// <param name="Count">Times asked (or rated 👎).</param>
/// <param name="Chats">Chats that asked.</param>
/// <param name="Newest">When last asked.</param>
/// <param name="Reasons">Each reason with how often, most frequent first.</param>
public sealed record InboxGroup(string Id, string Words, string? Question, int Count, int Chats, DateTimeOffset Newest, IReadOnlyList<(string Reason, int Count)> Reasons)
{
    /// <summary>
    /// The groups of <paramref name="items"/> (newest first): the <paramref name="max"/> groups asked most recently, newest
    /// first; within the same second, in the order of the items.
    /// </summary>
    public static IReadOnlyList<InboxGroup> Of(IEnumerable<InboxItem> items, int max) =>
        [.. items.GroupBy(i => i.Words, StringComparer.Ordinal)
            .Select(g => new InboxGroup(QuestionWords.GroupId(g.Key), g.Key,
                g.Where(i => i.Question is not null).OrderByDescending(i => i.Time).FirstOrDefault()?.Question,
                g.Count(), g.Select(i => i.Chat).Distinct().Count(), g.Max(i => i.Time),
                [.. g.GroupBy(i => i.Reason).Select(r => (r.Key, r.Count())).OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal)]))
            .OrderByDescending(g => g.Newest)
            .Take(max)];
}

/// <summary>An answer an editor wrote for questions the knowledge does not answer, served first until it expires.</summary>
/// <param name="Id">Its number (what <c>/curated</c> lists and <c>/uncurate</c> deletes).</param>
/// <param name="Question">The question as the editor gave it (or the words of an inbox group whose text was not kept).</param>
/// <param name="Words">The question's analysed words: a new question is matched on these.</param>
/// <param name="Text">The answer.</param>
/// <param name="Created">When it was written.</param>
/// <param name="Expires">From when it is no longer served.</param>
public sealed record CuratedAnswer(long Id, string Question, string Words, string Text, DateTimeOffset Created, DateTimeOffset Expires)
{
    /// <summary>True while it is served.</summary>
    public bool ServedAt(DateTimeOffset now) => now < Expires;
}
