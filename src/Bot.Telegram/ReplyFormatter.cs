using System.Text;
using Bot.Core.Answering;
using Telegram.Bot.Extensions;

namespace Bot.Telegram;

/// <summary>Turns an answer into Telegram HTML messages: escaped text, sources as a numbered list, split under the limit.</summary>
public static class ReplyFormatter
{
    /// <summary>Telegram's limit on a message's text, counted after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>The messages that carry <paramref name="answer"/>, each within <paramref name="limit"/> characters.</summary>
    public static IReadOnlyList<string> Format(Answer answer, int limit = MaxMessageLength)
    {
        var blocks = new List<string>();
        if (answer.Note is not null)
            blocks.Add($"<i>{HtmlText.Escape(answer.Note)}</i>");
        blocks.AddRange(answer.Marked.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => HtmlText.Escape(line)!));
        // Compact numbered sources, without a heading.
        if (answer.Sources.Count > 0)
            blocks.Add(HtmlText.Escape(string.Join("\n", answer.SourceLines))!);
        // Near articles the answer does not quote, apart from its sources.
        if (answer.RelatedLine is not null)
            blocks.Add($"<i>{HtmlText.Escape(answer.RelatedLine)}</i>");
        return Pack(blocks, limit);
    }

    /// <summary>Packs HTML blocks into messages at block boundaries; an over-long block is cut between characters of its plain text.</summary>
    public static IReadOnlyList<string> Pack(IEnumerable<string> blocks, int limit = MaxMessageLength)
    {
        var messages = new List<string>();
        var current = new StringBuilder();
        var currentLength = 0;
        foreach (var block in blocks.SelectMany(b => CutBlock(b, limit)))
        {
            var length = HtmlText.PlainLength(block);
            var separator = current.Length == 0 ? 0 : 2;
            if (currentLength + separator + length > limit && current.Length > 0)
            {
                messages.Add(current.ToString());
                current.Clear();
                currentLength = 0;
                separator = 0;
            }
            if (separator > 0)
                current.Append("\n\n");
            current.Append(block);
            currentLength += separator + length;
        }
        if (current.Length > 0)
            messages.Add(current.ToString());
        return messages;
    }

    // Blocks are escaped plain text or our own one-line tags; a block too long on its own is cut in its plain text and
    // escaped again, so a cut never falls inside a tag or an entity.
    private static IEnumerable<string> CutBlock(string block, int limit)
    {
        if (HtmlText.PlainLength(block) <= limit)
        {
            yield return block;
            yield break;
        }
        var plain = HtmlText.ToPlain(block);
        var start = 0;
        while (start < plain.Length)
        {
            var end = Math.Min(plain.Length, start + limit);
            if (end < plain.Length)
            {
                // Prefer the end of a sentence in the second half of the chunk.
                var cut = plain.LastIndexOfAny(['。', '！', '？', '.', '!', '?', '；'], end - 1, end - start - limit / 2);
                if (cut > start)
                    end = cut + 1;
                else if (char.IsHighSurrogate(plain[end - 1]))
                    end--;
            }
            yield return HtmlText.Escape(plain[start..end]);
            start = end;
        }
    }
}
