using Bot.Core.Evaluation;
using Bot.Core.Search;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bot.Console.Commands;

/// <summary>
/// <c>fit</c>: learns the sentence model's weights (<see cref="SentenceModel"/>) from an evaluation set with ML.NET. Every
/// other question is held back; the weights are fitted on the rest, and both the weights in use and the fitted ones are
/// measured on the held-back half. With <c>--trees</c>, a boosted-tree ranker (FastTree, LambdaMART) is measured beside
/// them, to show what a linear score leaves on the table.
/// </summary>
internal static class FitCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Line.Positionals.Count != 1)
            throw new ArgumentException("fit needs one question file: bot fit questions.jsonl [--out SentenceModel.json] [--trees]");
        var path = context.Line.Positionals[0];
        var questions = await EvalCommand.ReadGradedAsync(context, path);
        await context.LoadKnowledgeAsync(cancellationToken);

        var groups = await context.Get<SentenceTraining>().CollectAsync(questions, null, cancellationToken);
        var train = groups.Where((_, i) => i % 2 == 0).Where(g => g.Answerable).ToList();
        var heldOut = groups.Where((_, i) => i % 2 == 1).ToList();
        if (train.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException($"{path}: too few questions with an answer among the candidates to fit and measure");

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(train));
        var fitted = FitLinear(ml, ml.Data.LoadFromEnumerable(Pairs(train)));
        var current = SentenceTraining.TopHit(heldOut, SentenceModel.Default);
        var learned = SentenceTraining.TopHit(heldOut, fitted);

        var o = context.Output;
        await o.WriteLineAsync($"questions            {groups.Count} usable of {questions.Count}; fitted on {train.Count} (those whose candidates hold an answer), measured on {heldOut.Count} held out");
        await o.WriteLineAsync($"held out: the best-scored sentence holds a gold answer  in use {current:F3}  fitted {learned:F3}");
        if (context.Line.Flags.Contains("--trees"))
            await o.WriteLineAsync($"held out: boosted trees (FastTree ranking)              {TreesTopHit(ml, data, heldOut):F3}");
        foreach (var name in SentenceFeatures.Names)
            await o.WriteLineAsync($"  {name,-14} {fitted.Weights[name],8:F4}");

        if (context.Line.Values.TryGetValue("--out", out var outPath))
        {
            var model = fitted with
            {
                Provenance = new Dictionary<string, string>
                {
                    ["command"] = $"bot fit {Path.GetFileName(path)} --knowledge <its corpus> --index memory --out SentenceModel.json",
                    ["fitted"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                    ["trainer"] = "ML.NET LbfgsLogisticRegression, each question weighted alike",
                    ["train"] = $"{train.Count} questions (every other of {Path.GetFileName(path)})",
                    ["heldOutTopSentence"] = $"in use {current:F3}, fitted {learned:F3} over {heldOut.Count} held-out questions",
                },
            };
            await File.WriteAllTextAsync(outPath, model.ToJson() + "\n", cancellationToken);
            await o.WriteLineAsync($"written to {outPath}");
        }
        return 0;
    }

    // A logistic regression on "holds a gold answer": its linear part is the score. Each question's sentences share one
    // unit of weight, so long articles do not outvote short ones; features are already on 0–1 scales.
    private static SentenceModel FitLinear(MLContext ml, IDataView data)
    {
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
            labelColumnName: nameof(Row.Label), featureColumnName: nameof(Row.Features), exampleWeightColumnName: nameof(Row.Weight));
        var linear = trainer.Fit(data).Model.SubModel;
        var weights = linear.Weights;
        return new SentenceModel
        {
            Weights = SentenceFeatures.Names.Select((n, i) => (n, (double)weights[i])).ToDictionary(p => p.n, p => p.Item2),
        };
    }

    private static double TreesTopHit(MLContext ml, IDataView data, IReadOnlyList<SentenceGroup> heldOut)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(Row.Group))
            .Append(ml.Ranking.Trainers.FastTree(labelColumnName: nameof(Row.Relevance), featureColumnName: nameof(Row.Features), rowGroupColumnName: "GroupKey"));
        var model = pipeline.Fit(data);
        var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(Rows(heldOut))), reuseRowObject: false)
            .Select(s => s.Score).ToArray();
        var hits = 0;
        var offset = 0;
        foreach (var g in heldOut)
        {
            var start = offset;
            if (g.BestHoldsAnswer(i => scores[start + i]))
                hits++;
            offset += g.Features.Count;
        }
        return (double)hits / heldOut.Count;
    }

    // Pairwise: for each answer sentence against each of the hardest wrong ones (those the weights in use score highest), the
    // difference of their features, labelled true one way and false the other. A logistic regression on those differences
    // learns a score that orders answer sentences above the rest, which is all that choosing one needs.
    // Wrong sentences each answer sentence is paired with: held-out top sentence 0.511 with 5, 0.551 with 20, 0.556 with
    // 100 (CRUD-RAG dev, 10,000 articles, 2026-11-29).
    private const int HardestWrong = 100;

    private static IEnumerable<Row> Pairs(IReadOnlyList<SentenceGroup> groups)
    {
        foreach (var group in groups)
        {
            var positives = Enumerable.Range(0, group.Features.Count).Where(i => group.HoldsAnswer[i]).ToList();
            var negatives = Enumerable.Range(0, group.Features.Count).Where(i => !group.HoldsAnswer[i])
                .OrderByDescending(i => SentenceModel.Default.Score(group.Features[i])).Take(HardestWrong).ToList();
            var weight = 1f / Math.Max(1, positives.Count * negatives.Count);
            foreach (var p in positives)
            {
                var pf = group.Features[p].ToArray();
                foreach (var n in negatives)
                {
                    var nf = group.Features[n].ToArray();
                    var diff = pf.Select((v, k) => v - nf[k]).ToArray();
                    yield return new Row { Label = true, Features = diff, Weight = weight };
                    yield return new Row { Label = false, Features = diff.Select(v => -v).ToArray(), Weight = weight };
                }
            }
        }
    }

    private static IEnumerable<Row> Rows(IReadOnlyList<SentenceGroup> groups)
    {
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (var i = 0; i < group.Features.Count; i++)
            {
                yield return new Row
                {
                    Label = group.HoldsAnswer[i],
                    Relevance = group.HoldsAnswer[i] ? 1 : 0,
                    Features = group.Features[i].ToArray(),
                    Weight = 1f / group.Features.Count,
                    Group = (uint)g,
                };
            }
        }
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Relevance { get; set; }
        [VectorType(SentenceFeatures.Count)]
        public float[] Features { get; set; } = [];
        public float Weight { get; set; }
        public uint Group { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }
}
