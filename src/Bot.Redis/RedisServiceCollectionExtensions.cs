using Bot.Core;
using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Core.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Redis;

/// <summary>Registers shared state in Redis when <c>State:Redis</c> is set.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// With <c>State:Redis</c>: conversations, rate limits, the answer log (<c>/stats</c>, ratings, <c>/feedback</c>), the inbox, the newsroom and
    /// the update queue in Redis, and a readiness check on Redis; where a front end consumes queued updates (an
    /// <see cref="IUpdateConsumer"/> registered and its <see cref="UpdateIntake"/> from the queue: Telegram's webhook mode),
    /// the queue's reader too. Without it: nothing.
    /// </summary>
    /// <remarks>
    /// Which implementation wins is decided here, by <c>State:Redis</c> alone: these are put in with <c>Replace</c>, and
    /// every in-process default (<c>AddBotCore</c>, <c>AddTelegramFrontEnd</c>) with <c>TryAdd</c>, so the Redis ones are
    /// used whichever of those is called first. Replicas must share this state, and a process that was told of a Redis
    /// must never fall back silently to state of its own.
    /// </remarks>
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
        services.Replace(ServiceDescriptor.Singleton<IAnswerLog, RedisAnswerLog>());
        services.Replace(ServiceDescriptor.Singleton<Bot.Core.Newsroom.INewsroomStore, RedisNewsroomStore>());
        services.Replace(ServiceDescriptor.Singleton<Bot.Core.Inbox.IInboxStore, RedisInboxStore>());
        services.AddSingleton<UpdateStreams>();
        services.Replace(ServiceDescriptor.Singleton<IUpdateQueue>(sp => sp.GetRequiredService<UpdateStreams>()));
        // The queue is read, and replies noted for a replica taking over, only where a front end consumes queued updates;
        // decided when resolved, so that the order of registration does not matter.
        services.AddSingleton<RedisReplyLedger>();
        services.AddSingleton<IReplyObserver>(sp => ConsumesQueue(sp) ? sp.GetRequiredService<RedisReplyLedger>() : new NoReplies());
        services.AddSingleton<UpdateStreamService>();
        // Registered after the webhook service, so that it stops first: reading ends before the answers are drained.
        services.AddSingleton<IHostedService>(sp => ConsumesQueue(sp) ? sp.GetRequiredService<UpdateStreamService>() : new NotReading());
        return services;
    }

    // Asked without resolving the consumer (it depends, through the sender, on the reply observers themselves): a consumer
    // registered, and the front end's intake, decided from its options, from the queue.
    private static bool ConsumesQueue(IServiceProvider services) =>
        services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IUpdateConsumer)) && services.GetService<UpdateIntake>()?.FromQueue == true;

    // Polling: nothing reads the shared queue.
    private sealed class NotReading : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // Polling: no replica takes over another's updates, so replies need no note.
    private sealed class NoReplies : IReplyObserver
    {
        public Task RepliedAsync(MessageKey question, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
