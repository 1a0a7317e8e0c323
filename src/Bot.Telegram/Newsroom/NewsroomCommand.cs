using Microsoft.Extensions.Logging;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types.Enums;
using Bot.Telegram.Commands;
using Bot.Core.Common;

namespace Bot.Telegram.Newsroom;

/// <summary>What the subscription and digest commands share: in groups only admins change them, and a store that fails is said once in the reply.</summary>
internal static class NewsroomCommand
{
    /// <summary>True when <paramref name="context"/> may change the chat's subscriptions or digest: any private chat, an admin in a group.</summary>
    public static bool MayChange(CommandContext context) => context.Message.Chat.Type == ChatType.Private || context.IsAdmin;

    /// <summary>Replies with the plain text <paramref name="text"/>.</summary>
    public static Task ReplyAsync(CommandContext context, string text) => context.ReplyAsync(HtmlText.Escape(text)!);

    /// <summary>Runs <paramref name="work"/>; when the store fails, logs it and says so in the reply.</summary>
    public static async Task RunAsync(CommandContext context, ILogger logger, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("/{Command} in chat {ChatId} failed ({Error})", context.Request.Command, context.Message.Chat.Id, LogText.Safe($"{e.GetType().Name}: {e.Message}"));
            await ReplyAsync(context, NewsroomTexts.Get(context.Language, "failed"));
        }
    }
}
