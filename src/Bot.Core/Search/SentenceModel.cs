using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Core.Search;

/// <summary>
/// A linear score over <see cref="SentenceFeatures"/>: how answer sentences are told from the rest. The weights in use
/// (<see cref="Default"/>) are kept in <c>SentenceModel.json</c> beside this file with how they were chosen; <c>bot fit</c>
/// learns new ones from an evaluation set and measures them against these on questions it did not learn from, and
/// <c>bot eval --sentence-model</c> measures a fitted file end to end before it replaces this one.
/// </summary>
public sealed record SentenceModel
{
    /// <summary>Weight of each feature, by <see cref="SentenceFeatures.Names"/>; a feature left out weighs 0.</summary>
    [JsonPropertyName("weights")]
    public IReadOnlyDictionary<string, double> Weights
    {
        get;
        init
        {
            field = value;
            _vector = SentenceFeatures.Names.Select(n => value.TryGetValue(n, out var v) ? v : 0).ToArray();
        }
    } = new Dictionary<string, double>();

    /// <summary>How the weights were found: the command, the questions and the held-out result.</summary>
    [JsonPropertyName("provenance")]
    public IReadOnlyDictionary<string, string> Provenance { get; init; } = new Dictionary<string, string>();

    // The weights in feature order, set with them.
    private readonly double[] _vector = new double[SentenceFeatures.Names.Count];

    /// <summary>The weights in use, read from the embedded <c>SentenceModel.json</c>, which says how they were chosen.</summary>
    public static SentenceModel Default { get; } = Load();

    /// <summary>True when feature <paramref name="name"/> counts in the score (its weight is not 0).</summary>
    public bool Weighs(string name) => Weights.TryGetValue(name, out var w) && w != 0;

    /// <summary>The score of a sentence with <paramref name="features"/>: higher answers better.</summary>
    public double Score(in SentenceFeatures features)
    {
        var w = _vector;
        return w[0] * features.Words + w[1] * features.OwnWords + w[2] * features.Bigrams + w[3] * features.Passage
            + w[4] * features.Neighbours + w[5] * features.Rank + w[6] * features.FirstArticle + w[7] * features.Evidence
            + w[8] * features.Lead + w[9] * features.Length + w[10] * features.Meaning;
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>; a weight of a feature this build does not know is an error.</summary>
    public static SentenceModel FromJson(string json)
    {
        var model = JsonSerializer.Deserialize<SentenceModel>(json) ?? throw new FormatException("empty sentence model");
        if (model.Weights.Keys.FirstOrDefault(k => !SentenceFeatures.Names.Contains(k)) is { } unknown)
            throw new FormatException($"sentence model: unknown feature '{unknown}'");
        return model;
    }

    /// <summary>The model as indented JSON, features in their order.</summary>
    public string ToJson() => JsonSerializer.Serialize(new SentenceModel
    {
        Weights = SentenceFeatures.Names.Where(Weights.ContainsKey).ToDictionary(n => n, n => Math.Round(Weights[n], 4)),
        Provenance = Provenance,
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static SentenceModel Load()
    {
        using var stream = typeof(SentenceModel).Assembly.GetManifestResourceStream("Bot.Core.Search.SentenceModel.json")
            ?? throw new InvalidOperationException("SentenceModel.json is not embedded in Bot.Core");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }
}
