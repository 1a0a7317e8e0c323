using Bot.Core.Answering;
using Bot.Core.Inbox;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Bot.Telegram.Inbox;

/// <summary>
/// Keeps in the operator's inbox each question the bot declined and each answer rated 👎: its chat, topic, message, time
/// and reason, its analysed words, and its text only under <c>Telegram:KeepQuestions</c>.
/// </summary>
public sealed class InboxRecorder(IInboxStore store, TimeProvider time, IOptions<TelegramOptions> options)
{
    /// <summary>Keeps <paramref name="question"/>, asked by <paramref name="message"/>, when <paramref name="answer"/> declined it.</summary>
    public Task DeclinedAsync(Message message, string question, Answer answer, CancellationToken cancellationToken)
    {
        if (answer.Status != AnswerStatus.NotFound)
            return Task.CompletedTask;
        return KeepAsync(message, question, (answer.Declined ?? DeclineReason.Other).ToString(), cancellationToken);
    }

    /// <summary>
    /// Keeps the question of the answer <paramref name="answerMessage"/> rated 👎: the question is the message it replies
    /// to (the bot answers each question as a reply); nothing when that is unknown.
    /// </summary>
    public Task DislikedAsync(Message answerMessage, CancellationToken cancellationToken)
    {
        if (answerMessage.ReplyToMessage is not { Text: { } text } asked)
            return Task.CompletedTask;
        var request = BotRequest.Parse(text, isPrivate: true, "", isReplyToBot: false);
        if (request is not { IsQuestion: true })
            return Task.CompletedTask;
        return KeepAsync(asked, request.Argument, InboxItem.Disliked, cancellationToken);
    }

    private Task KeepAsync(Message asked, string question, string reason, CancellationToken cancellationToken)
    {
        var words = QuestionWords.Of(question);
        if (words.Length == 0)
            return Task.CompletedTask;
        var keep = options.Value.KeepQuestions;
        return store.AddAsync(new InboxItem(asked.Chat.Id, TelegramSender.ThreadOf(asked), asked.MessageId, time.GetUtcNow(), reason, keep ? question.Trim() : null, words),
            cancellationToken);
    }
}
