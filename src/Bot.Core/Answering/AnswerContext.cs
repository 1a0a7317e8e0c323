using System.Text;
using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>One article's evidence in the context: its chosen sentences in reading order, gaps marked with " … ".</summary>
/// <param name="Hit">The retrieved article; citation [n] of the n-th block names it.</param>
/// <param name="Text">The sentences the answerer reads.</param>
public sealed record ContextBlock(ArticleHit Hit, string Text)
{
    /// <summary>Characters this block counts against the budget: its title and its text.</summary>
    public int Characters => Hit.Article.Title.Length + Text.Length;
}

/// <summary>What an answerer reads: blocks of evidence, strongest article first, within a character budget.</summary>
public sealed record AnswerContext(IReadOnlyList<ContextBlock> Blocks)
{
    /// <summary>No evidence.</summary>
    public static AnswerContext Empty { get; } = new([]);

    /// <summary>Characters of titles and text, the measure the budget (<c>Llm:ContextChars</c>) bounds.</summary>
    public int Characters => Blocks.Sum(b => b.Characters);

    /// <summary>Titles and texts, one block a paragraph: what eval searches for a gold answer.</summary>
    public string PlainText
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var block in Blocks)
                sb.Append(block.Hit.Article.Title).Append('\n').Append(block.Text).Append('\n');
            return sb.ToString();
        }
    }
}
