using System.Diagnostics;
using System.Text.Json;
using Bot.Core.Evaluation;

namespace Bot.Console.Commands;

/// <summary><c>eval</c>: runs a question set and prints retrieval, answer and latency figures.</summary>
internal static class EvalCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Line.Positionals.Count != 1)
            throw new ArgumentException("eval needs one question file: bot eval questions.jsonl");
        var questions = EvalQuestion.ReadFile(context.Line.Positionals[0]);
        var limit = context.Line.GetInt("--limit", questions.Count, 1);
        questions = questions.Take(limit).ToList();

        var watch = Stopwatch.StartNew();
        var snapshot = await context.LoadKnowledgeAsync(cancellationToken);
        var loadMs = watch.Elapsed.TotalMilliseconds;

        var runner = context.Get<EvalRunner>();
        var bar = new ProgressBar(context.Error, questions.Count);
        var results = await runner.RunAsync(questions, bar, cancellationToken);
        bar.Done();

        if (context.Line.Values.TryGetValue("--out", out var outPath))
        {
            await using var writer = new StreamWriter(outPath);
            foreach (var r in results)
                await writer.WriteLineAsync(JsonSerializer.Serialize(r, JsonOutput.Options));
        }

        var summary = EvalSummary.From(results, loadMs, snapshot.Articles.Count);
        if (context.Line.Flags.Contains("--json"))
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(summary, JsonOutput.Indented));
            return 0;
        }

        var o = context.Output;
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
        if (summary.Conversations > 0)
            await o.WriteLineAsync($"follow-ups ({summary.Conversations} conversations)  accuracy {summary.ConversationAccuracy:F3}");
        if (summary.OutOfScope > 0)
            await o.WriteLineAsync($"out of scope ({summary.OutOfScope})  declined {summary.Declined:F3}");
        await o.WriteLineAsync($"latency              median {summary.MedianMs:F2} ms  p95 {summary.P95Ms:F2} ms");
        return 0;
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
