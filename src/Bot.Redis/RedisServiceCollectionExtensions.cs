using Bot.Core;
using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Telegram;
using Bot.Telegram.State;
using Bot.Telegram.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Redis;

/// <summary>Registers shared state in Redis when <c>State:Redis</c> is set.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// With <c>State:Redis</c>: conversations, rate limits and <c>/stats</c> in Redis (replacing the in-process ones), a
    /// readiness check on Redis, and, in webhook mode, the shared update queue and its reader. Without it: nothing.
    /// </summary>
    public static IServiceCollection AddSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StateOptions>(configuration, StateOptions.SectionName);
        services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsValidator>();
        var state = configuration.GetSection(StateOptions.SectionName).Get<StateOptions>() ?? new StateOptions();
        if (!state.Enabled || !new StateOptionsValidator().Validate(null, state).Succeeded)
            return services;

        services.AddSingleton<RedisState>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: [HealthTags.Ready]);
        services.Replace(ServiceDescriptor.Singleton<IConversationStore, RedisConversationStore>());
        services.Replace(ServiceDescriptor.Singleton<IUserRateLimit, RedisRateLimit>());
        services.Replace(ServiceDescriptor.Singleton<IBotStats, RedisStats>());
        if (TelegramOptions.IsWebhookIn(configuration))
        {
            services.AddSingleton<UpdateStreams>();
            services.AddSingleton<RedisReplyLedger>();
            services.AddSingleton<IReplyObserver>(sp => sp.GetRequiredService<RedisReplyLedger>());
            services.Replace(ServiceDescriptor.Singleton<IUpdateQueue>(sp => sp.GetRequiredService<UpdateStreams>()));
            // Registered after the webhook service, so that it stops first: reading ends before the answers are drained.
            services.AddSingleton<UpdateStreamService>();
            services.AddHostedService(sp => sp.GetRequiredService<UpdateStreamService>());
        }
        return services;
    }
}
