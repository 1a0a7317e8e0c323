using System.Security.Cryptography;
using System.Text;
using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.InlineQueryResults;

namespace Bot.Telegram;

/// <summary>
/// "@bot question" in any chat: the answer offered as one result to share there. Results are cached by Telegram only
/// briefly. Who may ask and the rate limit are decided by the caller (<see cref="UpdateHandler"/>).
/// </summary>
public sealed class InlineAnswers(IQuestionAnswerer answerer, IAnswerLog log, BotMetrics metrics, TelegramSender sender, TextCatalog texts,
    IOptions<TelegramOptions> options, ILogger<InlineAnswers> logger)
{
    // Seconds Telegram may serve an inline answer from its cache: short, so a reloaded knowledge shows soon.
    private const int InlineCacheSeconds = 10;

    /// <summary>The longest inline query Telegram sends.</summary>
    public const int InlineQueryMax = 256;

    /// <summary>Answers <paramref name="inline"/>: with a result when <paramref name="answer"/>, else with none; never throws but for cancellation.</summary>
    public async Task HandleAsync(ITelegramBotClient bot, InlineQuery inline, bool answer, CancellationToken cancellationToken)
    {
        var question = inline.Query.Trim();
        try
        {
            InlineQueryResult[] results = [];
            if (answer && question.Length > InlineQueryMax)
            {
                // Telegram sends at most 256 characters; a longer query is forged, and told so.
                results = [Result(new Answer(question, Messages.TooLong(texts.LanguageOfText(question), question.Length, InlineQueryMax), AnswerStatus.Invalid, [], TimeSpan.Zero))];
            }
            else if (answer && question.Length > 0)
            {
                var given = await answerer.AnswerAsync(question, null, cancellationToken);
                metrics.Record(given);
                if (given.Status != AnswerStatus.Invalid)
                    await log.RecordAsync(new GivenAnswer(null, null, null, given.Sources.Select(s => s.Id).ToList(), given.Answered, given.Elapsed), cancellationToken);
                results = [Result(given)];
            }
            await sender.SendAsync("answerInlineQuery", inline.From.Id, async ct =>
            {
                await bot.AnswerInlineQuery(inline.Id, results, cacheTime: InlineCacheSeconds, isPersonal: options.Value.AllowedChatIds.Length > 0, cancellationToken: ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Inline query {QueryId} could not be answered", LogText.Safe(inline.Id));
        }
    }

    private static InlineQueryResultArticle Result(Answer answer)
    {
        var text = answer.Marked;
        var title = text.Length <= 60 ? text : Citation.Shorten(text, 60);
        var message = answer.Sources.Count == 0 ? text : text + "\n\n" + string.Join("\n", answer.SourceLines);
        if (message.Length > ReplyFormatter.MaxMessageLength)
            message = message[..(ReplyFormatter.MaxMessageLength - 1)] + "…";
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message)))[..32];
        return new InlineQueryResultArticle(id, title, new InputTextMessageContent(message))
        {
            Description = answer.Sources.Count > 0 ? answer.Sources[0].Label : null,
        };
    }
}
