using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Core.Evaluation;

/// <summary>One line of an evaluation set (format of <c>shared/eval/README.md</c>).</summary>
public sealed record EvalQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("question")] string? Question,
    [property: JsonPropertyName("turns")] IReadOnlyList<string>? Turns,
    [property: JsonPropertyName("answers")] IReadOnlyList<string>? Answers,
    [property: JsonPropertyName("doc_ids")] IReadOnlyList<string>? DocIds)
{
    /// <summary>The moment the question is asked at ("2024-01-11T09:00", in <c>Answering:TimeZone</c>), for "上周" and "yesterday"; null: now.</summary>
    [JsonPropertyName("now")]
    public string? Now { get; init; }

    /// <summary>The turns of the conversation: one for a single question.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllTurns => Turns is { Count: > 0 } ? Turns : [Question ?? ""];

    /// <summary>True for a conversation of more than one turn.</summary>
    [JsonIgnore]
    public bool IsConversation => Turns is { Count: > 1 };

    /// <summary>True when the knowledge is expected to hold the answer.</summary>
    [JsonIgnore]
    public bool InScope => Answers is { Count: > 0 };

    /// <summary>
    /// Reads a question file; a broken line is reported with its number. With <paramref name="graded"/> (answers are
    /// measured against them: eval, fit), every line must have its answers, [] for a question to decline; a line whose
    /// question or an answer is empty cannot be asked or matched, and is left out, named in <paramref name="leftOut"/>
    /// (the CMRC 2018 trial set has one such question among 1,002: it is not a reason to measure none).
    /// </summary>
    public static IReadOnlyList<EvalQuestion> ReadFile(string path, bool graded = false, ICollection<string>? leftOut = null)
    {
        var list = new List<EvalQuestion>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                var q = JsonSerializer.Deserialize<EvalQuestion>(line) ?? throw new JsonException("null");
                if (q.Question is null && q.Turns is not { Count: > 0 })
                    throw new JsonException("no \"question\" or \"turns\"");
                if (new[] { ("turns", q.Turns), ("answers", q.Answers), ("doc_ids", q.DocIds) }.FirstOrDefault(f => f.Item2?.Contains(null!) == true) is ({ } field, _))
                    throw new JsonException($"\"{field}\" holds null");
                // Graded, an empty list of answers is a question to decline and no list at all is a line left unfinished;
                // an empty question or answer can never be asked or matched. (bench and nearmiss skip empty questions.)
                if (graded)
                {
                    if (q.Answers is null)
                        throw new JsonException("no \"answers\"; write [] for a question the knowledge does not answer");
                    var unaskable = q.AllTurns.Any(string.IsNullOrWhiteSpace)
                        ? q.Turns is { Count: > 0 } ? "\"turns\" holds an empty turn" : "the question is empty"
                        : q.Answers.Any(string.IsNullOrWhiteSpace) ? "\"answers\" holds an empty answer" : null;
                    if (unaskable is not null)
                    {
                        leftOut?.Add($"{path}: line {number} left out ({unaskable})");
                        continue;
                    }
                }
                list.Add(q with { Id = string.IsNullOrEmpty(q.Id) ? $"line-{number}" : q.Id });
            }
            catch (JsonException e)
            {
                // The serializer's own message names .NET types and byte positions: the field is what a person can fix.
                var why = e.Path is { } at ? $"the value at {at} is not of the right kind" : e.Message;
                throw new FormatException($"{path}: line {number} is not a valid question ({why}); a line is {{\"id\", \"question\" or \"turns\", \"answers\": [\"…\"], \"doc_ids\": [\"…\"]}}", e);
            }
        }
        return list;
    }
}
