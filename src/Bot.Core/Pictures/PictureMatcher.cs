using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Bot.Core.Search;

namespace Bot.Core.Pictures;

/// <summary>
/// Finds the articles of the knowledge that a picture of a page (a photo of a clipping, a screenshot) shows: the picture's
/// text is split into articles as a knowledge file would be, each one's headline and opening are searched for, and a
/// candidate counts as shown when the character bigrams it shares with the picture's text are at least
/// <see cref="MinOverlap"/> of the smaller of the two (the overlap coefficient: a photo of a whole page holds all of
/// an article, a photo of part of a clipping is all inside one).
/// </summary>
public sealed class PictureMatcher(IKnowledgeStore store)
{
    /// <summary>
    /// The overlap from which a candidate is taken for the article shown. Measured on the OCR test pages
    /// (tests/fixtures/ocr, Tesseract 5 chi_sim+eng) against their source texts and the seed page: the four articles
    /// shown scored 0.92–1.00, the best article not shown 0.20 (a short one sharing "本报讯…改造…工程昨天"), the seed
    /// page's best 0.05; a later report on the same subject scores 0.36 against the first, and a report written to share
    /// its phrases ("滨江区三座社区食堂…招募志愿者…为行动不便的老人送餐", PictureMatcherTests) 0.51. 0.6 is above those
    /// and below a phone photo's poorer OCR: at 80% of characters right, about 64% of bigrams are.
    /// </summary>
    public const double MinOverlap = 0.6;

    /// <summary>
    /// The share of the shown article's headline words (two characters or more) that a later report must hold in its own
    /// headline and lead to be on the same subject. Measured on the picture tests' knowledge: of the five words of
    /// "滨江区新建三座社区食堂 首批服务老人2.3万名" (新建 社区 食堂 服务 老人) the later canteen report holds 3 (0.6), the
    /// seed page's articles at most 1 (0.2).
    /// </summary>
    public const double MinSubject = 0.5;

    // Characters of a later report's body read with its headline for the subject words: its lead.
    private const int LeadChars = 200;

    // Fewer shared bigrams than this (a headline alone) say too little to name an article.
    private const int MinShared = 20;
    // Characters of each read article searched for: its headline and opening; more adds clauses, not candidates.
    private const int QueryChars = 200;
    // Articles of the picture searched for, and passages taken for each.
    private const int MaxQueries = 8;
    private const int HitsPerQuery = 10;

    /// <summary>Matches the text read from a picture, <paramref name="page"/>, to the current knowledge.</summary>
    public PictureMatch Match(OcrPage page)
    {
        var read = ImageReader.Split(page, "picture", null, null);
        var pictureGrams = Bigrams(page.Text);
        if (pictureGrams.Count < MinShared)
            return new PictureMatch(read, [], 0);
        using var lease = store.Acquire();
        var candidates = new HashSet<Article>(ReferenceEqualityComparer.Instance);
        var queries = read.Count > 0 ? read.Take(MaxQueries).Select(a => a.Title + "\n" + a.Body) : [page.Text];
        foreach (var query in queries)
        {
            var analyzed = QuestionAnalyzer.Analyze(query.Length > QueryChars ? query[..QueryChars] : query);
            foreach (var hit in lease.Snapshot.Index.SearchPassages(analyzed, HitsPerQuery))
                candidates.Add(hit.Passage.Article);
        }
        var scored = candidates
            .Select(a => (Article: a, Grams: Bigrams(a.Title + "\n" + a.Body)))
            .Select(c =>
            {
                var shared = c.Grams.Count(pictureGrams.Contains);
                return (c.Article, Shared: shared, Overlap: (double)shared / Math.Max(1, Math.Min(c.Grams.Count, pictureGrams.Count)));
            })
            .Where(c => c.Shared >= MinShared)
            .OrderByDescending(c => c.Overlap >= MinOverlap).ThenByDescending(c => c.Shared).ThenByDescending(c => c.Overlap)
            .ToList();
        var matches = scored.Where(c => c.Overlap >= MinOverlap).Select(c => c.Article).ToList();
        return new PictureMatch(read, matches, scored.Count > 0 ? Math.Round(scored.Max(c => c.Overlap), 3) : 0)
        {
            Later = matches.Count > 0 ? Later(lease.Snapshot.Index, matches[0], matches) : [],
        };
    }

    // The reports dated after shown that share at least MinSubject of its headline's words in their headline and lead.
    private static List<Article> Later(KnowledgeIndex index, Article shown, IReadOnlyList<Article> matches)
    {
        if (shown.Date is not { } day)
            return [];
        var words = QuestionAnalyzer.Analyze(shown.Title).Terms.Where(t => t.IsWord && t.Text.Length >= 2).Select(t => t.Text).ToList();
        if (words.Count == 0)
            return [];
        return index.SearchPassages(QuestionAnalyzer.Analyze(shown.Title), HitsPerQuery * 2)
            .Select(h => h.Passage.Article)
            .Where(a => a.Date > day && !matches.Contains(a))
            .Distinct()
            .Where(a =>
            {
                var lead = QuestionAnalyzer.Fold(a.Title + "\n" + (a.Body.Length > LeadChars ? a.Body[..LeadChars] : a.Body));
                return words.Count(lead.Contains) >= MinSubject * words.Count;
            })
            .OrderBy(a => a.Date)
            .ToList();
    }

    /// <summary>The pairs of neighbouring letters and digits of <paramref name="text"/>, folded as the index folds them (marks and spaces dropped).</summary>
    public static HashSet<string> Bigrams(string text)
    {
        var chars = QuestionAnalyzer.Fold(text).Where(char.IsLetterOrDigit).ToArray();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < chars.Length; i++)
            grams.Add(new string(chars, i, 2));
        return grams;
    }
}
