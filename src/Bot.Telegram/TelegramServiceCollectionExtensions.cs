using System.Threading.RateLimiting;
using Bot.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient("telegram", (sp, http) =>
        {
            // Telegram.Bot's receiver asks the server to hold each long poll for HttpClient.Timeout: this is the poll's wait.
            http.Timeout = TimeSpan.FromSeconds(Math.Max(5, sp.GetRequiredService<IOptions<TelegramOptions>>().Value.PollTimeoutSeconds));
        });
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram");
            // Retries of 429 are ours (TelegramSender), so that they are logged and bounded the same way as 5xx.
            return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken, o.ApiBaseUrl) { RetryThreshold = 0 }, http);
        });
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<BotStats>();
        services.AddSingleton<KnowledgeUpload>();
        services.AddSingleton<ChatDispatcher>();
        // A sliding minute per user, in six steps; partitions of users idle for a while are dropped by the limiter itself.
        services.AddSingleton(sp =>
        {
            var perMinute = sp.GetRequiredService<IOptions<TelegramOptions>>().Value.MaxQuestionsPerMinute;
            return PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetSlidingWindowLimiter(userId, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));
        });
        services.AddSingleton<BotMenu>();
        services.AddSingleton<PoisonUpdates>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<UpdateHandler>();
        services.AddHostedService<PollingService>();
        return services;
    }
}
