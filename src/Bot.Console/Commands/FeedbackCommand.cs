using System.Text.Json;
using Bot.Core.Feedback;

namespace Bot.Console.Commands;

/// <summary>
/// <c>feedback</c>: what users said of the answers (ratings, declines, the questions they were let down by); with
/// <c>--export file.jsonl</c>, those questions in the <c>eval</c> format, answers left for an editor to fill.
/// </summary>
internal static class FeedbackCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var store = context.Get<FeedbackStore>();
        if (context.Line.Values.TryGetValue("--export", out var path))
        {
            var questions = store.LetDownQuestions();
            await using var writer = new StreamWriter(path);
            for (var i = 0; i < questions.Count; i++)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new { id = $"feedback-{i + 1}", question = questions[i], answers = Array.Empty<string>() },
                    new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
            await context.Output.WriteLineAsync($"{questions.Count} questions written to {path} (fill in their answers, or leave them empty for questions the knowledge should decline)");
            return 0;
        }
        var s = store.Summarize();
        var o = context.Output;
        await o.WriteLineAsync($"answers   {s.Answers} ({s.Declined} declined)");
        await o.WriteLineAsync($"ratings   👍 {s.Up}  👎 {s.Down}");
        await List("most often declined", s.MostDeclined);
        await List("most often rated 👎", s.MostDisliked);
        if (s.MostDeclined.Count == 0 && s.MostDisliked.Count == 0 && s.Answers > 0)
            await o.WriteLineAsync("(question texts are kept only with Telegram:KeepQuestions on)");
        return 0;

        async Task List(string heading, IReadOnlyList<(string Question, int Count)> items)
        {
            if (items.Count == 0)
                return;
            await o.WriteLineAsync(heading);
            foreach (var (question, count) in items)
                await o.WriteLineAsync($"  {count,4}  {question}");
        }
    }
}
