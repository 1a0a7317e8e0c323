using Bot.Core.Feedback;
using Bot.Core.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.TestSupport;

/// <summary>Feedback stores for tests: a file (or <c>memory</c>), bounds, and a fake clock.</summary>
public static class FeedbackStores
{
    /// <summary>Opens the store at <paramref name="path"/>.</summary>
    public static FeedbackStore Open(string path, FakeTimeProvider? time = null, int maxAnswers = 100_000, int retentionDays = 30) => new(
        Microsoft.Extensions.Options.Options.Create(new FeedbackOptions { Path = path, MaxAnswers = maxAnswers, RetentionDays = retentionDays }),
        Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions()),
        time ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
}
