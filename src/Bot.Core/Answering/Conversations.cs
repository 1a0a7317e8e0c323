using Bot.Core.Common;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Answering;

/// <summary>
/// Asks questions within a conversation, for every front end alike (console <c>chat</c>, Telegram, <c>eval</c>): reads the
/// conversation's earlier turns for follow-ups, answers, keeps the turn, and logs one line per question.
/// </summary>
public sealed class Conversations(IQuestionAnswerer answerer, IConversationStore store, BotMetrics metrics, ILogger<Conversations> logger)
{
    /// <summary>
    /// Answers <paramref name="question"/> in conversation <paramref name="asker"/>; with <paramref name="progress"/> the
    /// text is reported while it is written.
    /// </summary>
    public Task<Answer> AskAsync(Asker asker, string question, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        AskAsync(asker, question, progress, withContext: false, cancellationToken);

    /// <summary>Answers like <see cref="AskAsync(Asker, string, IProgress{string}?, CancellationToken)"/>; the answer carries its draft (<see cref="Answer.Draft"/>).</summary>
    public Task<Answer> AskWithDraftAsync(Asker asker, string question, CancellationToken cancellationToken = default) =>
        AskAsync(asker, question, null, withContext: true, cancellationToken);

    private async Task<Answer> AskAsync(Asker asker, string question, IProgress<string>? progress, bool withContext, CancellationToken cancellationToken)
    {
        var history = await store.GetAsync(asker.Conversation, cancellationToken).ConfigureAwait(false);
        if (asker.Context is { } context)
            history = [.. history, new ConversationTurn(context, context, "")];
        var answer = await answerer.AnswerAsync(new AnswerRequest(question, history, progress, withContext), cancellationToken).ConfigureAwait(false);
        if (answer.Status != AnswerStatus.Invalid)
            await store.AddAsync(asker.Conversation, new ConversationTurn(question, answer.StandaloneQuestion ?? question, answer.Text), cancellationToken).ConfigureAwait(false);
        metrics.Record(answer);
        // What the bot did, never what was asked: the question's text stays out of the log at this level.
        logger.LogInformation("Question in {Conversation} from user {UserId}: {Outcome} ({Mode}) in {ElapsedMs:F0} ms; sources {SourceIds}",
            asker.Conversation, asker.UserId, answer.Status, answer.Mode, answer.Elapsed.TotalMilliseconds,
            // An id comes from a JSONL line or a file name: a "\n" in it must not start a forged log line.
            LogText.Safe(string.Join(",", answer.Sources.Select(s => s.Id))));
        return answer;
    }

    /// <summary>Forgets conversation <paramref name="conversation"/>.</summary>
    public Task ResetAsync(string conversation, CancellationToken cancellationToken = default) => store.ResetAsync(conversation, cancellationToken);

    /// <summary>Conversations held (used within the idle time).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => store.CountAsync(cancellationToken);
}

/// <summary>Who asks: the conversation (<c>tg:&lt;chat id&gt;</c>, <c>console</c>, <c>eval:&lt;id&gt;</c>) and the user id the front end gives.</summary>
public sealed record Asker(string Conversation, long? UserId = null)
{
    /// <summary>
    /// Text the question was asked about (the message it replies to: a forwarded article, a quoted line), read as the turn
    /// before it, so that "这是哪天的事？" leans on it; not kept in the conversation. Null when none.
    /// </summary>
    public string? Context { get; init; }
}
