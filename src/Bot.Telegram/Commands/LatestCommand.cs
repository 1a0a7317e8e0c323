using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Search;
using Telegram.Bot.Extensions;
using Bot.Core.Ranking;

namespace Bot.Telegram.Commands;

/// <summary>
/// <c>/latest</c>: the newest dated articles, newest first, each with its date and first sentence; <c>/latest 华为</c>:
/// the newest of the articles on those words (those ranking at least half as well as the best, as the nearest-date reply
/// takes them).
/// </summary>
public sealed class LatestCommand(IKnowledgeStore store, IRetriever retriever, TextCatalog texts) : IBotCommand
{
    // Articles the words are looked for in, before the newest of them are listed.
    private const int Searched = 50;

    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("latest", CommandAudience.Everyone, typeof(LatestCommand), new Dictionary<string, string>
    {
        ["zh"] = "最新的报道（/latest 关键词：关于它的最新报道）",
        ["en"] = "The latest reports (/latest words: the latest on them)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var words = context.Request.Argument.Trim();
        using var lease = store.Acquire();
        var snapshot = lease.Snapshot;
        IEnumerable<Core.Knowledge.Article> candidates = snapshot.Articles;
        if (words.Length > 0)
        {
            var question = QuestionAnalyzer.Analyze(words);
            var hits = question.IsEmpty ? [] : await retriever.RankArticlesAsync(snapshot, question, Searched, context.CancellationToken);
            candidates = hits.Where(h => h.Score >= hits[0].Score / 2).Select(h => h.Article);
        }
        var newest = candidates.Where(a => a.Date is not null).OrderByDescending(a => a.Date).Take(TimeScopeStage.NewestListed).ToList();
        if (newest.Count == 0)
        {
            await context.ReplyAsync(HtmlText.Escape(words.Length > 0 ? texts.Get(language, "time.latestOnNone", words) : texts.Get(language, "answer.notFound")));
            return;
        }
        var lines = new List<string> { words.Length > 0 ? texts.Get(language, "time.latestOn", words) : texts.Get(language, "time.latest") };
        foreach (var article in newest)
        {
            var first = TimeScopeStage.Lead(snapshot, article);
            lines.Add(texts.Get(language, "time.latestItem", lines.Count, Citation.Shorten(article.Title), $"{article.Date:yyyy-MM-dd}", first));
        }
        await context.ReplyAsync(ReplyFormatter.Pack([HtmlText.Escape(string.Join("\n", lines))!])[0]);
    }
}
