using System.ComponentModel;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Microsoft.SemanticKernel;

namespace Bot.Core.Search;

/// <summary>The knowledge store as a Semantic Kernel plugin, so that a model can search it as a tool.</summary>
public sealed class KnowledgeSearchPlugin(IKnowledgeStore store)
{
    /// <summary>The plugin name the kernel knows it by.</summary>
    public const string PluginName = "knowledge";

    /// <summary>Searches the news articles and returns the best passages with their sources.</summary>
    [KernelFunction("search")]
    [Description("Searches the loaded news articles and returns the passages that best match the query, with title, file and date.")]
    public IReadOnlyList<PassageResult> Search(
        [Description("What to look for, in the language of the articles")] string query,
        [Description("How many passages to return (1-10)")] int count = 5)
    {
        var analyzed = QuestionAnalyzer.Analyze(query);
        if (analyzed.IsEmpty)
            return [];
        using var lease = store.Acquire();
        return lease.Snapshot.Index.SearchPassages(analyzed, Math.Clamp(count, 1, 10))
            .Select(h => new PassageResult(h.Passage.Article.Id, h.Passage.Article.Title, h.Passage.Article.SourcePath,
                h.Passage.Article.Date?.ToString("yyyy-MM-dd"), h.Passage.Text, Math.Round(h.Score, 3)))
            .ToList();
    }

    /// <summary>One passage returned to the model.</summary>
    public sealed record PassageResult(string Id, string Title, string Path, string? Date, string Text, double Score);
}
