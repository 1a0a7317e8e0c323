using System.Globalization;
using System.Text.RegularExpressions;

namespace Bot.Core.Knowledge;

/// <summary>Reads <c>.md</c> files: the title comes from front matter (<c>title:</c>) or the first <c># </c> heading.</summary>
public sealed partial class MarkdownReader(ReadLimits? limits = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public bool CanRead(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var text = TextDecoder.Decode(StreamBytes.ReadAll(stream, _limits.MaxBytes)).Replace("\r\n", "\n");
        string? title = null;
        DateOnly? date = null;

        var front = FrontMatterRegex().Match(text);
        if (front.Success)
        {
            foreach (var line in front.Groups[1].Value.Split('\n'))
            {
                var kv = line.Split(':', 2);
                if (kv.Length != 2)
                    continue;
                var value = kv[1].Trim().Trim('"', '\'');
                switch (kv[0].Trim().ToLowerInvariant())
                {
                    case "title":
                        title = value;
                        break;
                    case "date" when DateOnly.TryParse(value.Length >= 10 ? value[..10] : value, CultureInfo.InvariantCulture, out var d):
                        date = d;
                        break;
                }
            }
            text = text[front.Length..];
        }

        var heading = HeadingRegex().Match(text);
        if (heading.Success)
        {
            title ??= heading.Groups[1].Value.Trim();
            text = text.Remove(heading.Index, heading.Length);
        }

        text = MarkupRegex().Replace(text, "");
        text = LinkRegex().Replace(text, "$1");
        return NewspaperPageSplitter.Split(text, sourcePath, title ?? Path.GetFileNameWithoutExtension(sourcePath), date)
            .Select(a => date is null ? a : a with { DateSource = "metadata" })
            .Select((a, i) => i == 0 && title is not null && a.Title != title ? a with { Title = title, HasOwnTitle = true } : a)
            .ToList();
    }

    [GeneratedRegex(@"\A---\n(.*?)\n---\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatterRegex();

    [GeneratedRegex(@"^#[ \t]+(.+)$", RegexOptions.Multiline)]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"^(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)|\*\*|__|`", RegexOptions.Multiline)]
    private static partial Regex MarkupRegex();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkRegex();
}
