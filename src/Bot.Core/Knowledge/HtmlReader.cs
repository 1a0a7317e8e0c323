using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads saved news pages (<c>.html</c>, <c>.htm</c>): the article body, its title and date, without navigation,
/// scripts, ads and comments.
/// </summary>
public sealed class HtmlReader(ReadLimits? limits = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    private const string Noise = "script, style, noscript, template, nav, header, footer, aside, form, iframe, button, svg, " +
        "[role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], " +
        "[class*=advert], [id*=advert], [class~=ad], [class~=ads], [id~=ad], [class*=share], [class*=comment], [id*=comment], " +
        "[class*=related], [class*=breadcrumb], [class*=footer], [class*=nav]";

    /// <inheritdoc />
    public bool CanRead(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var text = TextDecoder.Decode(StreamBytes.ReadAll(stream, _limits.MaxBytes));
        if (!text.Contains('<') || !text.Contains('>'))
            throw new KnowledgeFormatException("not HTML (no markup)");
        if (HtmlDepth.Exceeds(text, HtmlDepth.Max))
            throw new KnowledgeFormatException($"elements nested deeper than {HtmlDepth.Max} (a news page is a few dozen deep)");
        var document = new HtmlParser().ParseDocument(text);

        var title = Meta(document, "og:title") ?? document.QuerySelector("h1")?.TextContent ?? document.Title;
        var date = DateExtractor.Parse(Meta(document, "article:published_time") ?? Meta(document, "pubdate") ?? Meta(document, "publishdate")
            ?? Meta(document, "date") ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

        var root = document.QuerySelector("article") ?? document.QuerySelector("[itemprop=articleBody]") ?? document.QuerySelector("main")
            ?? document.Body;
        if (root is null)
            throw new KnowledgeFormatException("HTML without a body");
        foreach (var noise in root.QuerySelectorAll(Noise).ToList())
            noise.Remove();
        root.QuerySelector("h1")?.Remove();

        var blocks = root.QuerySelectorAll("p, h2, h3, h4, h5, h6, li, blockquote, pre")
            .Where(e => !e.Ancestors().Any(a => a is IElement { LocalName: "p" or "li" or "blockquote" }))
            .Select(e => TextRules.TrimAll(Collapse(e.TextContent)))
            .Where(t => t.Length > 0)
            .ToList();
        if (blocks.Count == 0)
            blocks = root.TextContent.Split('\n').Select(l => TextRules.TrimAll(Collapse(l))).Where(l => l.Length > 0).ToList();
        if (blocks.Count == 0)
            return [];

        title = TextRules.TrimAll(Collapse(title ?? ""));
        date ??= DateExtractor.FromText(string.Join("\n", blocks));
        return
        [
            new Article($"{sourcePath}#1", title.Length > 0 ? title : NewspaperPageSplitter.Opening(blocks[0]), blocks, sourcePath, date)
            {
                HasOwnTitle = title.Length > 0,
            },
        ];
    }

    private static string? Meta(IDocument document, string name)
    {
        var content = document.QuerySelector($"meta[property='{name}'], meta[name='{name}'], meta[itemprop='{name}']")?.GetAttribute("content");
        return string.IsNullOrWhiteSpace(content) ? null : content;
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
