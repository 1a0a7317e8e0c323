using Bot.Core.Newsroom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Telegram.Newsroom;

/// <summary>Registers subscriptions, pushes and digests for Telegram.</summary>
public static class NewsroomRegistration
{
    /// <summary>Adds the newsroom's core (<see cref="NewsroomServiceCollectionExtensions.AddNewsroom"/>), the push sender and the push and digest services.</summary>
    public static IServiceCollection AddTelegramNewsroom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNewsroom(configuration);
        services.AddSingleton<PushSender>();
        services.AddSingleton<PushService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PushService>());
        services.AddSingleton<DigestService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DigestService>());
        return services;
    }
}
