using Bot.Core.Search;

namespace Bot.Core.Tests.Search;

public sealed class SentenceModelTests
{
    private static readonly SentenceFeatures Sample = new(
        Words: 0.5, OwnWords: 0.4, Bigrams: 0.3, Passage: 0.6, Neighbours: 0.2,
        Rank: 1, FirstArticle: 1, Evidence: 1, Lead: 0, Length: 0.25);

    [Fact]
    public void Default_IsReadFromTheEmbeddedFile_WithItsProvenance()
    {
        var model = SentenceModel.Default;

        Assert.Equal(0.55, model.Weights["Words"]);
        Assert.True(model.Provenance.ContainsKey("chosen"));
        Assert.Same(model, RankingWeights.Default.Sentence);
    }

    [Fact]
    public void Score_IsTheWeightedSumOfTheFeatures()
    {
        var model = new SentenceModel { Weights = new Dictionary<string, double> { ["Words"] = 2, ["Length"] = -1, ["Evidence"] = 0.5 } };

        Assert.Equal(2 * 0.5 - 0.25 + 0.5, model.Score(Sample), 9);
    }

    [Fact]
    public void With_NewWeights_ScoresByTheNewWeights()
    {
        var model = new SentenceModel { Weights = new Dictionary<string, double> { ["Words"] = 1 } };

        var changed = model with { Weights = new Dictionary<string, double> { ["Rank"] = 1 } };

        Assert.Equal(0.5, model.Score(Sample), 9);
        Assert.Equal(1.0, changed.Score(Sample), 9);
    }

    [Fact]
    public void ToJson_RoundTripsThroughFromJson()
    {
        var model = new SentenceModel
        {
            Weights = SentenceFeatures.Names.Select((n, i) => (n, i * 0.1)).ToDictionary(p => p.n, p => p.Item2),
            Provenance = new Dictionary<string, string> { ["command"] = "bot fit q.jsonl" },
        };

        var read = SentenceModel.FromJson(model.ToJson());

        Assert.Equal(model.Score(Sample), read.Score(Sample), 9);
        Assert.Equal("bot fit q.jsonl", read.Provenance["command"]);
    }

    [Fact]
    public void FromJson_UnknownFeature_IsNamed()
    {
        var e = Assert.Throws<FormatException>(() => SentenceModel.FromJson("""{"weights":{"Words":1,"Colour":2}}"""));

        Assert.Contains("Colour", e.Message);
    }

    [Fact]
    public void Features_NamesAndArray_AreInOneOrder()
    {
        var values = Sample.ToArray();

        Assert.Equal(SentenceFeatures.Names.Count, values.Length);
        Assert.Equal(0.4f, values[SentenceFeatures.Names.ToList().IndexOf("OwnWords")]);
        Assert.Equal(0.25f, values[SentenceFeatures.Names.ToList().IndexOf("Length")]);
    }
}
