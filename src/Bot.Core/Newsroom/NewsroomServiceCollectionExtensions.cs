using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Newsroom;

/// <summary>Registers the newsroom's core: its options, the store (SQLite unless <c>State:Redis</c> puts its own) and the article feed.</summary>
public static class NewsroomServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SubscriptionOptions"/> (validated at start), the in-process <see cref="INewsroomStore"/> (TryAdd) and the <see cref="IArticleFeed"/>.</summary>
    public static IServiceCollection AddNewsroom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SubscriptionOptions>(configuration, SubscriptionOptions.SectionName);
        services.TryAddSingleton<SqliteNewsroomStore>();
        services.TryAddSingleton<INewsroomStore>(sp => sp.GetRequiredService<SqliteNewsroomStore>());
        services.TryAddSingleton<ArticleFeed>();
        services.TryAddSingleton<IArticleFeed>(sp => sp.GetRequiredService<ArticleFeed>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ArticleFeed>());
        return services;
    }
}
