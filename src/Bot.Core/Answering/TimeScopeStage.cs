using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Bot.Core.Time;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Reads what a question says about time (<see cref="TimeRecogniser"/>) before retrieval. A question scoped in time
/// ("上周青浦有什么新闻？", "yesterday") is answered only from articles dated in its range, searched in the index with the
/// range as a filter, and the reply says the range; with nothing in range it says so and names the nearest dated article
/// that would answer. Undated articles are left out, and counted when they would have ranked. A question for the news
/// itself ("今天有什么新闻？", "what's new") gets the newest articles. A fact's period ("2023年上半年…多少") only breaks ties.
/// </summary>
public sealed class TimeScopeStage(NewsClock clock, IRetriever retriever, AnswerScope scope, TextCatalog catalog,
    IOptions<AnsweringOptions> options) : IAnswerStage
{
    /// <summary>How many articles a "what's new" reply lists.</summary>
    public const int NewestListed = 5;

    /// <inheritdoc />
    public int Order => AnswerPipeline.RetrievalOrder - 50;

    /// <inheritdoc />
    public async ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        // Read in simplified characters, as the question is searched: "最近有什麼新聞" asks for the news as "最近有什么新闻" does.
        var reading = TimeRecogniser.Read(ChineseScript.Simplify(draft.Standalone), today);
        draft = draft with { Today = today };
        if (reading.Scope is null && !reading.AsksForNews)
            return reading.Period is null ? draft : draft with { Analyzed = draft.Analyzed with { Period = reading.Period } };

        var searched = QuestionAnalyzer.Analyze(reading.SearchText);
        if (searched.IsEmpty)
            return Newest(draft, snapshot, reading.Scope, today);
        if (reading.Scope is not { } range)
            return draft;

        var analyzed = searched with { Text = draft.Analyzed.Text, WantsRecent = draft.Analyzed.WantsRecent, Within = range };
        var scoped = await retriever.RetrieveWithinAsync(snapshot, analyzed, topArticles, options.Value.TopSources, cancellationToken).ConfigureAwait(false);
        var (retrieval, leftOut) = (scoped.InRange, scoped.UndatedLeftOut);
        var said = range.Format(draft.Language, today.Year);
        draft = draft with { Analyzed = analyzed, DateRange = range };
        if (retrieval.Selected.Count > 0 && scope.Holds(retrieval, options.Value.MinCoverage))
        {
            var note = leftOut > 0 ? catalog.Get(draft.Language, "time.scopeIntroUndated", said, leftOut) : catalog.Get(draft.Language, "time.scopeIntro", said);
            return draft with { Retrieval = retrieval, ScopeNote = note };
        }

        // Nothing in range answers: the nearest dated article that would, found without the range among the candidates the
        // range's search found too (one pass over the index for both). Only whether it would answer is needed, not its
        // sentences: none is chosen (86 % of the CRUD-RAG dev questions scoped to the newest week come here;
        // docs/benchmarks.md).
        var anywhere = await retriever.FindAnywhereAsync(snapshot, analyzed, scoped, topArticles, cancellationToken).ConfigureAwait(false);
        var nearest = scope.Holds(anywhere, options.Value.MinCoverage)
            ? Nearest(anywhere.Articles.Where(h => h.Score >= anywhere.Articles[0].Score / 2).Select(h => h.Article), range)
            : null;
        var text = nearest is { Date: { } date }
            ? catalog.Get(draft.Language, "time.noneNearest", said, new DateRange(date, date).Format(draft.Language, today.Year), Citation.Shorten(nearest.Title))
            : catalog.Get(draft.Language, "time.none", said);
        if (leftOut > 0)
            text += catalog.Get(draft.Language, "time.undatedLeftOut", leftOut);
        var hit = nearest is null ? null : anywhere.Articles.First(h => ReferenceEquals(h.Article, nearest));
        IReadOnlyList<Citation> sources = hit is null ? [] : [AnswerComposer.Cite(hit, hit.Passages[0].Passage)];
        return draft.Decide(new Answer(draft.Question, text, AnswerStatus.NotFound, sources, draft.Elapsed) { DateRange = range, Declined = DeclineReason.OutOfRange });
    }

    // "What's new": the newest articles (of the range, when one is given), newest first, each with its first sentence.
    private AnswerDraft Newest(AnswerDraft draft, KnowledgeSnapshot snapshot, DateRange? range, DateOnly today)
    {
        var language = draft.Language;
        // A date after tomorrow (the asker's day may be ahead of the clock's) is no news yet: an event's date read as the
        // article's, or a mistyped file name. It is not listed as the newest.
        var lastDay = today.AddDays(1);
        var lastDayText = lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var newest = snapshot.Articles
            .Where(a => a.Date is { } d && d <= lastDay && (range is null || range.Contains(d)))
            .OrderByDescending(a => a.Date)
            .Take(NewestListed)
            .ToList();
        // Knowledge with no dated article at all (a page whose date is only in its file's name) still has news to show:
        // its articles, newest file date first, said to be undated.
        var undated = newest.Count == 0 && range is null && snapshot.Articles.Count > 0 && snapshot.Articles.All(a => a.Date is null);
        if (undated)
        {
            newest = snapshot.Articles
                .Select((a, i) => (Article: a, Named: Citation.FileDateText(a.SourcePath) is { } named && string.CompareOrdinal(named, lastDayText) <= 0 ? named : "", Order: i))
                .OrderByDescending(x => x.Named, StringComparer.Ordinal).ThenBy(x => x.Order)
                .Select(x => x.Article)
                .Take(NewestListed)
                .ToList();
        }
        if (newest.Count == 0)
        {
            var said = range?.Format(language, today.Year) ?? "";
            var nearest = range is null ? null : Nearest(snapshot.Articles, range);
            var text = nearest is { Date: { } date }
                ? catalog.Get(language, "time.latestNoneNearest", said, new DateRange(date, date).Format(language, today.Year), Citation.Shorten(nearest.Title))
                : catalog.Get(language, range is null ? "answer.notFound" : "time.latestNone", said);
            return draft.Decide(new Answer(draft.Question, text, AnswerStatus.NotFound, [], draft.Elapsed) { DateRange = range, Declined = DeclineReason.OutOfRange }, DraftEnd.Early);
        }

        var header = undated ? catalog.Get(language, "time.latestUndated")
            : range is null ? catalog.Get(language, "time.latest") : catalog.Get(language, "time.latestIn", range.Format(language, today.Year));
        var parts = new List<AnswerPart> { new(header, 0) };
        var sources = new List<Citation>();
        foreach (var article in newest)
        {
            var passages = snapshot.PassagesOf(article);
            var source = passages.Count > 0
                ? AnswerComposer.Cite(new ArticleHit(article, 0, []), passages[0])
                : new Citation(article.Id, article.Title, article.SourcePath, article.Date, "", 0);
            // The date as its citation shows it: the article's, or the one its file's name gives.
            var date = source.DateText ?? catalog.Get(language, "time.noDate");
            parts.Add(new AnswerPart("\n" + catalog.Get(language, "time.latestItem", sources.Count + 1, Citation.Shorten(article.Title), date, Lead(snapshot, article)), sources.Count + 1));
            sources.Add(source);
        }
        var answer = new Answer(draft.Question, string.Concat(parts.Select(p => p.Text)), AnswerStatus.Answered, sources, draft.Elapsed)
        {
            Parts = parts,
            DateRange = range,
            StandaloneQuestion = draft.Changed,
        };
        return draft.Decide(answer, DraftEnd.Early) with { DateRange = range };
    }

    /// <summary>
    /// The first sentence of <paramref name="article"/> that says something once its byline and dateline are taken out
    /// (<see cref="QuoteCleaner"/>): what a list of the newest articles quotes of each. Empty when it has none.
    /// </summary>
    public static string Lead(KnowledgeSnapshot snapshot, Article article)
    {
        foreach (var passage in snapshot.PassagesOf(article).Take(2))
        {
            for (var s = 0; s < passage.SentenceCount; s++)
            {
                if (QuoteCleaner.Clean(passage.Sentence(s)) is { Length: > 0 } said)
                    return said;
            }
        }
        return "";
    }

    // The dated article nearest the range; of two as near, the first (the better ranked).
    private static Article? Nearest(IEnumerable<Article> articles, DateRange range) => articles
        .Where(a => a.Date is not null)
        .Select((a, i) => (Article: a, Distance: range.DistanceTo(a.Date!.Value), Rank: i))
        .OrderBy(x => x.Distance).ThenBy(x => x.Rank)
        .Select(x => x.Article)
        .FirstOrDefault();
}
