using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.Inbox;

/// <summary>Registers the inbox and the curated answers.</summary>
public static class InboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>Inbox</c>'s options (validated at start), the SQLite store (TryAdd: with <c>State:Redis</c> the shared one
    /// takes its place), the curated answers and the stage that serves them first.
    /// </summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<InboxOptions>(configuration, InboxOptions.SectionName);
        services.TryAddSingleton<IInboxStore, SqliteInboxStore>();
        services.AddSingleton<CuratedAnswers>();
        services.AddSingleton<Answering.IAnswerStage, CuratedAnswerStage>();
        return services;
    }
}
