using Bot.Core;
using Bot.Core.State;
using Bot.Telegram.Commands;
using Bot.Telegram.Newsroom;
using Bot.Telegram.Inbox;
using Bot.Telegram.State;
using Bot.Telegram.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Bot.Telegram;

/// <summary>Registers the Telegram front end.</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>Adds the bot client, the update handler and the polling service, with options validated at start.</summary>
    public static IServiceCollection AddTelegramFrontEnd(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelegramOptions>(configuration, TelegramOptions.SectionName);
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient("telegram", (sp, http) =>
        {
            // Telegram.Bot's receiver asks the server to hold each long poll for HttpClient.Timeout: this is the poll's wait.
            http.Timeout = TimeSpan.FromSeconds(Math.Max(5, sp.GetRequiredService<IOptions<TelegramOptions>>().Value.PollTimeoutSeconds));
        })
            // The token is in every request's path (/bot<token>/getMe): the factory's request logging would write it at
            // Information unless a configuration file filters System.Net.Http, and none may be found (systemd starts in /).
            // Failures are logged by the bot's own code, with the token redacted.
            .RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram");
            // Retries of 429 are ours (TelegramSender), so that they are logged and bounded the same way as 5xx.
            return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken, o.ApiBaseUrl) { RetryThreshold = 0 }, http);
        });
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<Bot.Core.Hosting.AnswerCancellation>();
        services.AddSingleton<KnowledgeUpload>();
        services.AddSingleton<PictureMessages>();
        services.AddSingleton(sp =>
        {
            var dispatcher = new ChatDispatcher();
            sp.GetRequiredService<Bot.Core.Answering.BotMetrics>().AddQueue(() => dispatcher.Pending);
            return dispatcher;
        });
        services.AddOptions<UserLimitOptions>().Configure<IOptions<TelegramOptions>>((limits, telegram) => limits.QuestionsPerMinute = telegram.Value.MaxQuestionsPerMinute);
        // The in-process default (TryAdd): with State:Redis, AddSharedState puts the shared limit in its place, whatever the order.
        services.TryAddSingleton<IUserRateLimit>(sp => new InProcessRateLimit(sp.GetRequiredService<IOptions<UserLimitOptions>>().Value.QuestionsPerMinute));
        services.AddSingleton<BotMenu>();
        services.AddSingleton<PoisonUpdates>();
        services.AddSingleton<TelegramSender>();
        // Each command's class, from the one list of commands, so that the dispatch has a handler for every command.
        foreach (var command in BotCommands.All)
            services.AddSingleton(typeof(IBotCommand), command.Handler);
        services.AddSingleton<CommandDispatch>();
        services.AddTelegramInbox();
        services.AddSingleton<ButtonPresses>();
        services.AddSingleton<InlineAnswers>();
        services.AddSingleton<UpdateHandler>();
        services.AddTelegramNewsroom(configuration);
        // Polling by default; in webhook mode updates arrive through WebhookIntake (served by the host) into a queue: in
        // process by default (TryAdd), the shared one with State:Redis (AddSharedState, whatever the order), whose reader
        // hands the updates back through IUpdateConsumer. Both ways are registered; Telegram:Mode, bound and validated,
        // decides when they are resolved which one runs (and, through UpdateIntake, whether a shared queue is read here),
        // so the configuration is not read while services are registered.
        services.TryAddSingleton<IUpdateQueue, InProcessUpdateQueue>();
        services.AddSingleton<IUpdateConsumer, TelegramUpdateConsumer>();
        services.AddSingleton<WebhookIntake>();
        services.AddSingleton(sp => new UpdateIntake(FromQueue: IsWebhook(sp)));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<UpdateIntake>().FromQueue
            ? ActivatorUtilities.CreateInstance<WebhookService>(sp)
            : ActivatorUtilities.CreateInstance<PollingService>(sp));
        return services;
    }

    // An invalid Telegram section takes no updates from the queue: the start-up check stops the program first, naming the key.
    private static bool IsWebhook(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<TelegramOptions>>().Value.IsWebhook;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return false;
        }
    }
}
