using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.Inbox;

/// <summary>Registers the inbox and the curated answers.</summary>
public static class InboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>Inbox</c>'s options and <c>Feedback</c>'s for the inbox (validated at start; <c>Feedback:CuratedDays</c>,
    /// when set, in place of <c>Inbox:CuratedDays</c>), the SQLite store (TryAdd: with <c>State:Redis</c> the shared one
    /// takes its place), the curated answers and the stage that serves them first.
    /// </summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<InboxOptions>(configuration, InboxOptions.SectionName);
        services.AddValidatedOptions<InboxFeedbackOptions>(configuration, InboxFeedbackOptions.SectionName);
        // A bad Feedback:CuratedDays is reported under its own name; only a good one is used.
        services.AddOptions<InboxOptions>().PostConfigure(inbox =>
        {
            if (int.TryParse(configuration[$"{InboxFeedbackOptions.SectionName}:{nameof(InboxFeedbackOptions.CuratedDays)}"], System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650)
                inbox.CuratedDays = days;
        });
        services.TryAddSingleton<IInboxStore, SqliteInboxStore>();
        services.AddSingleton<CuratedAnswers>();
        services.AddSingleton<Answering.IAnswerStage, CuratedAnswerStage>();
        return services;
    }
}
