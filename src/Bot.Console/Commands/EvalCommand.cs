using System.Diagnostics;
using System.Text.Json;
using Bot.Core.Evaluation;
using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Console.Commands;

/// <summary>
/// <c>eval</c>: runs a question set and prints retrieval, answer and latency figures; with <c>--split</c>, also the LLM
/// context's packing fitted on one half of the questions and measured on the other (<see cref="ContextFit"/>).
/// </summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Line.Positionals.Count != 1)
            throw new ArgumentException("eval needs one question file: bot eval questions.jsonl");
        var file = context.Line.Positionals[0];
        var questions = await ReadGradedAsync(context, file);
        if (questions.Count == 0)
            throw new FormatException($"{file} holds no questions.");
        // Checked before the knowledge is loaded, not when the run reaches them.
        var zone = Harness.Zone(context.Get<Microsoft.Extensions.Configuration.IConfiguration>());
        foreach (var q in questions.Where(q => q.Now is not null))
        {
            try
            {
                ConsoleClock.Parse(q.Now!, $"\"now\" of question {q.Id}", zone);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{file}: {e.Message}", e);
            }
        }
        var limit = context.Line.GetInt("--limit", questions.Count, 1);
        questions = questions.Take(limit).ToList();
        if (context.Line.Values.GetValueOrDefault("--out") is { } outPath)
            CheckWritable(outPath, file);

        if (context.Line.Flags.Contains("--compare"))
            return await CompareAsync(context, questions, cancellationToken);

        var drafts = context.Line.Flags.Contains("--split") ? new List<(EvalQuestion, Bot.Core.Answering.AnswerDraft?)>() : null;
        var summary = await MeasureAsync(context, questions, context.Line.Values.GetValueOrDefault("--out"), cancellationToken, drafts);
        var split = drafts is null ? null : new ContextFit(context.Get<Bot.Core.Answering.ContextBuilder>(), context.Get<Bot.Core.Indexing.IKnowledgeStore>())
            .Run(drafts, new ContextSetting(context.Get<IOptions<LlmOptions>>().Value.ContextChars, context.Get<Bot.Core.Search.RankingWeights>().ContextArticles));
        if (context.Line.Flags.Contains("--json"))
        {
            await context.Output.WriteLineAsync(split is null ? JsonSerializer.Serialize(summary, JsonOutput.Indented) : JsonSerializer.Serialize(new { summary, split }, JsonOutput.Indented));
            return 0;
        }
        await WriteAsync(context.Output, summary);
        if (split is not null)
            await WriteAsync(context.Output, split);
        return 0;
    }

    /// <summary>The questions of a graded file (eval, fit), each line left out for an empty question or answer named on standard error.</summary>
    internal static async Task<IReadOnlyList<EvalQuestion>> ReadGradedAsync(CommandContext context, string path)
    {
        var leftOut = new List<string>();
        var questions = EvalQuestion.ReadFile(path, graded: true, leftOut);
        foreach (var line in leftOut)
            await context.Error.WriteLineAsync(line);
        return questions;
    }

    // --out is written after the run: one that cannot be written is said before it, not after minutes of answering.
    private static void CheckWritable(string path, string questions)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("--out takes a file to write the results to, not an empty value.");
        if (Path.GetFullPath(path) == Path.GetFullPath(questions))
            throw new ArgumentException($"--out: {path} is the question file; give another file, or the questions are overwritten by the results.");
        if (Directory.Exists(path))
            throw new ArgumentException($"--out: {path} is a folder; give a file to write the results to.");
        try
        {
            using (File.Open(path, FileMode.Append, FileAccess.Write)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out: {path} cannot be written ({e.Message})", e);
        }
    }

    // --split: the context packing as configured and as fitted on one half of the questions, each measured on both.
    private static async Task WriteAsync(TextWriter o, ContextSplit split)
    {
        await o.WriteLineAsync($"context split by id hash: fit half {split.ConfiguredFit.Questions} questions, held half {split.ConfiguredHeld.Questions}");
        await Line("as configured", split.ConfiguredFit, split.ConfiguredHeld);
        await Line(split.TargetReached ? $"fitted (recall >= {split.TargetRecall:F2} at the smallest median on the fit half)" : $"fitted (no setting reached {split.TargetRecall:F2} on the fit half: the highest recall)",
            split.FittedFit, split.FittedHeld);

        async Task Line(string name, ContextFigures fit, ContextFigures held) =>
            await o.WriteLineAsync($"  {name}: {fit.Setting.Budget} characters, {fit.Setting.Articles} articles  fit: holds a gold answer {fit.Recall:F3} median {fit.MedianChars:F0}  held: holds a gold answer {held.Recall:F3} median {held.MedianChars:F0}");
    }

    // The same questions with the semantic stages as configured, and with words alone (a second set of services with
    // Embeddings:Provider none and no reranker), side by side.
    private static async Task<int> CompareAsync(CommandContext context, IReadOnlyList<EvalQuestion> questions, CancellationToken cancellationToken)
    {
        var embeddings = context.Get<IOptions<EmbeddingsOptions>>().Value;
        var rerank = context.Get<IOptions<RerankOptions>>().Value;
        if (!embeddings.Enabled && !rerank.Enabled)
            throw new ArgumentException("eval --compare needs Embeddings:Provider or Rerank:Endpoint set: there is nothing to compare words alone with");
        var semantic = await MeasureAsync(context, questions, null, cancellationToken);
        using var wordsHost = Harness.BuildHost(context.Line, context.Error, new Dictionary<string, string?>
        {
            [$"{EmbeddingsOptions.SectionName}:{nameof(EmbeddingsOptions.Provider)}"] = "none",
            [$"{RerankOptions.SectionName}:{nameof(RerankOptions.Endpoint)}"] = "",
        });
        var words = await MeasureAsync(context with { Services = wordsHost.Services }, questions, null, cancellationToken);

        if (context.Line.Flags.Contains("--json"))
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(new { words, semantic }, JsonOutput.Indented));
            return 0;
        }
        var stages = string.Join(" + ", new[] { embeddings.Enabled ? $"embeddings {embeddings.Model}" : null, rerank.Enabled ? $"rerank {rerank.Model}" : null }.OfType<string>());
        var o = context.Output;
        await o.WriteLineAsync($"questions            {semantic.Questions} ({semantic.Articles} articles)");
        await o.WriteLineAsync($"{"",-34}{"words alone",14}{"with " + stages,30}");
        await Row("hit@1", words.HitAt1, semantic.HitAt1);
        await Row("hit@5", words.HitAt5, semantic.HitAt5);
        await Row("hit@10", words.HitAt10, semantic.HitAt10);
        await Row("MRR@10", words.MrrAt10, semantic.MrrAt10);
        await Row("first article holds a gold answer", words.AnswerInTopArticle, semantic.AnswerInTopArticle);
        await Row("context holds a gold answer", words.ContextRecall, semantic.ContextRecall);
        await Row("answer accuracy", words.Accuracy, semantic.Accuracy);
        await Row("wrongly declined", words.WronglyDeclined, semantic.WronglyDeclined);
        await Row("out of scope declined", words.Declined, semantic.Declined);
        await Row("follow-up accuracy", words.ConversationAccuracy, semantic.ConversationAccuracy);
        await o.WriteLineAsync($"{"latency median (ms)",-34}{words.MedianMs,14:F2}{semantic.MedianMs,30:F2}");
        await o.WriteLineAsync($"{"latency p95 (ms)",-34}{words.P95Ms,14:F2}{semantic.P95Ms,30:F2}");
        return 0;

        async Task Row(string name, double? a, double? b)
        {
            if (a is not null || b is not null)
                await o.WriteLineAsync($"{name,-34}{Figure(a),14}{Figure(b),30}");
        }

        static string Figure(double? value) => value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "–";
    }

    private static async Task<EvalSummary> MeasureAsync(CommandContext context, IReadOnlyList<EvalQuestion> questions, string? outPath, CancellationToken cancellationToken,
        ICollection<(EvalQuestion, Bot.Core.Answering.AnswerDraft?)>? drafts = null)
    {
        var watch = Stopwatch.StartNew();
        var snapshot = await context.LoadKnowledgeAsync(cancellationToken);
        var loadMs = watch.Elapsed.TotalMilliseconds;

        var runner = context.Get<EvalRunner>();
        var bar = new ProgressBar(context.Error, questions.Count);
        var results = new List<EvalResult>(questions.Count);
        // Questions that carry their own "now" are asked with the clock set to it, a run of them with the same one at once.
        var clock = context.Get<ConsoleClock>();
        var zone = Harness.Zone(context.Get<Microsoft.Extensions.Configuration.IConfiguration>());
        var typed = context.Line.Values.TryGetValue("--now", out var now) ? ConsoleClock.Parse(now, "--now", zone) : (DateTimeOffset?)null;
        for (var start = 0; start < questions.Count;)
        {
            var at = questions[start].Now;
            var end = start;
            while (end < questions.Count && questions[end].Now == at)
                end++;
            clock.Set(at is null ? typed : ConsoleClock.Parse(at, $"\"now\" of question {questions[start].Id}", zone));
            var done = results.Count;
            results.AddRange(await runner.RunAsync(questions.Skip(start).Take(end - start).ToList(), new Progress(n => bar.Report(done + n)), cancellationToken, drafts));
            start = end;
        }
        bar.Done();

        if (outPath is not null)
        {
            await using var writer = new StreamWriter(outPath);
            foreach (var r in results)
                await writer.WriteLineAsync(JsonSerializer.Serialize(r, JsonOutput.Options));
        }
        return EvalSummary.From(results, loadMs, snapshot.Articles.Count);
    }

    private static async Task WriteAsync(TextWriter o, EvalSummary summary)
    {
        await o.WriteLineAsync($"questions            {summary.Questions} ({summary.Articles} articles loaded and indexed in {summary.IndexMs:F0} ms)");
        if (summary.WithDocIds > 0)
        {
            await o.WriteLineAsync($"retrieval ({summary.WithDocIds} with doc_ids)  hit@1 {summary.HitAt1:F3}  hit@5 {summary.HitAt5:F3}  hit@10 {summary.HitAt10:F3}  MRR@10 {summary.MrrAt10:F3}");
            if (summary.AnswerInTopArticle is { } answerInTop)
                await o.WriteLineAsync($"first article holds a gold answer  {answerInTop:F3}");
        }
        if (summary.ContextRecall is { } recall)
            await o.WriteLineAsync($"context (Llm:ContextChars)  holds a gold answer {recall:F3}  median {summary.MedianContextChars:F0} characters");
        if (summary.InScope > 0)
            await o.WriteLineAsync($"answers ({summary.InScope} in scope)  accuracy {summary.Accuracy:F3}  wrongly declined {summary.WronglyDeclined:F3}");
        await o.WriteLineAsync($"answer length        median {summary.MedianAnswerChars:F0} characters  sources per answer {summary.SourcesPerAnswer:F2}  cited {summary.SourcesCited:F3}");
        await o.WriteLineAsync($"declined when answerable {summary.DeclinedWhenAnswerable}  answered when absent {summary.AnsweredWhenAbsent}");
        if (summary.Conversations > 0)
            await o.WriteLineAsync($"follow-ups ({summary.Conversations} conversations)  accuracy {summary.ConversationAccuracy:F3}");
        if (summary.OutOfScope > 0)
            await o.WriteLineAsync($"out of scope ({summary.OutOfScope})  declined {summary.Declined:F3}");
        await o.WriteLineAsync($"latency              median {summary.MedianMs:F2} ms  p95 {summary.P95Ms:F2} ms");
    }

    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private sealed class ProgressBar(TextWriter writer, int total) : IProgress<int>
    {
        private readonly bool _enabled = total >= 50;
        private int _lastPercent = -1;

        public void Report(int value)
        {
            var percent = value * 100 / Math.Max(1, total);
            if (!_enabled || percent == _lastPercent)
                return;
            _lastPercent = percent;
            var filled = percent / 5;
            writer.Write($"\r[{new string('#', filled)}{new string('.', 20 - filled)}] {value}/{total}");
        }

        public void Done()
        {
            if (_enabled)
                writer.WriteLine();
        }
    }
}
