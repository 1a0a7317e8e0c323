using Bot.Core.State;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Webhook;

/// <summary>The bot's side of the shared update queue (webhook mode): an update's JSON read as Telegram's, and handed to <see cref="UpdateHandler"/>.</summary>
public sealed class TelegramUpdateConsumer(ITelegramBotClient bot, UpdateHandler handler, BotIdentity identity) : IUpdateConsumer
{
    /// <inheritdoc />
    public bool IsReady => identity.IsKnown;

    /// <inheritdoc />
    public ConsumedUpdate? Read(string json) =>
        UpdateReader.Read(json) is { } update
            ? new ConsumedUpdate(update.Id, update.Message is { } message ? new MessageKey(message.Chat.Id, message.MessageId) : null, update)
            : null;

    /// <inheritdoc />
    public ValueTask<Task> DispatchAsync(ConsumedUpdate update) => handler.DispatchAsync(bot, (Update)update.Content);
}
