namespace Bot.Core.Knowledge;

/// <summary>
/// How deep a page's elements nest, counted on the markup before it is parsed: AngleSharp's time grows faster than
/// linearly with nesting (100,000 nested &lt;div&gt; in 1.1 MB took 66 s), while real news pages nest a few dozen deep.
/// </summary>
internal static class HtmlDepth
{
    /// <summary>The deepest nesting read; far above real pages, far below where parsing slows.</summary>
    public const int Max = 1000;

    // Elements that never have content, and those whose end tag may be left out (the parser closes them itself).
    private static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "rt", "rp", "html", "head", "body",
    };

    /// <summary>True when the open elements of <paramref name="html"/> nest deeper than <paramref name="max"/> at some point.</summary>
    public static bool Exceeds(string html, int max)
    {
        var depth = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
                end++;
            if (end == start || !char.IsAsciiLetter(html[start]))
                continue;
            var close = html.IndexOf('>', end);
            if (close < 0)
                break;
            var name = html[start..end];
            if (NotCounted.Contains(name) || html[close - 1] == '/')
                continue;
            if (closing)
                depth = Math.Max(0, depth - 1);
            else if (++depth > max)
                return true;
            // Script and style hold text, not markup.
            if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                var endTag = html.IndexOf("</" + name, close, StringComparison.OrdinalIgnoreCase);
                if (endTag < 0)
                    break;
                i = endTag - 1;
            }
        }
        return false;
    }
}
