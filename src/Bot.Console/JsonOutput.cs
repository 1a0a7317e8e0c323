using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Answering;

namespace Bot.Console;

/// <summary>The JSON contract of <c>ask --json</c>.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>The answer; <paramref name="context"/>, when given, is the text an LLM reads for it.</summary>
    public static string Answer(Answer answer, string? context = null) => JsonSerializer.Serialize(new AskJson(
        answer.Question,
        answer.Text,
        answer.Answered,
        answer.Mode.ToString().ToLowerInvariant(),
        answer.Note,
        answer.Sources.Select(s => new SourceJson(s.Id, s.Title, s.Path, s.Date?.ToString("yyyy-MM-dd"), s.Text, s.Score)).ToList(),
        Math.Round(answer.Elapsed.TotalMilliseconds, 2),
        answer.DateRange is { } r ? new DateRangeJson(r.From.ToString("yyyy-MM-dd"), r.To.ToString("yyyy-MM-dd")) : null)
    { Context = context }, Options);

    private sealed record AskJson(string Question, string Answer, bool Answered, string Mode, string? Note, IReadOnlyList<SourceJson> Sources, double ElapsedMs, DateRangeJson? DateRange)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Context { get; init; }
    }

    private sealed record DateRangeJson(string From, string To);

    private sealed record SourceJson(string Id, string Title, string Path, string? Date, string Text, double Score);
}
