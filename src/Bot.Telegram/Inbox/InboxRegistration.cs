using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Inbox;

/// <summary>Registers the Telegram side of the inbox: recording, its buttons, telling askers, and the joining of split questions.</summary>
public static class InboxRegistration
{
    /// <summary>
    /// Adds the inbox's recorder, buttons, asker notices (<c>Feedback:NotifyAskers</c>) and the admins' daily message
    /// (<c>Feedback:InboxTime</c>), and the <see cref="QuestionJoiner"/>.
    /// </summary>
    public static IServiceCollection AddTelegramInbox(this IServiceCollection services)
    {
        services.AddSingleton<InboxRecorder>();
        services.AddSingleton<InboxButtonHandler>();
        services.AddSingleton<QuestionJoiner>();
        services.AddHostedService<AskerNotifier>();
        services.AddHostedService<InboxDailyService>();
        return services;
    }
}
