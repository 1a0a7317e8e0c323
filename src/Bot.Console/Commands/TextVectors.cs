namespace Bot.Console.Commands;

/// <summary>
/// Vectors with the neighbourhoods of news text, for <c>bench --vectors --texts</c>: each row is a passage made from a
/// real corpus the way <c>bench --scale</c> makes articles (<see cref="ScaleCorpus.Passage"/>), each question a real
/// question's text. A text's vector is its character bigrams, each weighted by (1 + ln tf) × ln(1 + runs ÷ runs holding
/// it), added into <see cref="Buckets"/> dimensions chosen and signed by a hash of the bigram: a sparse random
/// projection, whose cosines differ from the bigram vectors' by about 1/√dimensions (0.03 at 1,024; not measured). Made-up
/// clusters (the default) put each question among a few hundred near-equal vectors around a centre orthogonal to every
/// other centre; text gives the graded, overlapping neighbourhoods that an archive's passages have. It is still not an
/// embedding model's space: the recall measured on it is against the exact search over the same vectors.
/// </summary>
internal sealed class TextVectors
{
    private const int Buckets = 8;
    private readonly ScaleCorpus _corpus;
    private readonly Dictionary<int, float> _weights = [];
    private readonly float _unseen;
    private readonly int _dimensions;
    private readonly int _passageChars;

    public TextVectors(ScaleCorpus corpus, int dimensions, int passageChars = 200)
    {
        (_corpus, _dimensions, _passageChars) = (corpus, dimensions, passageChars);
        var runs = corpus.SentenceRuns;
        var seen = new HashSet<int>();
        var counts = new Dictionary<int, int>();
        foreach (var run in runs)
        {
            seen.Clear();
            foreach (var bigram in Bigrams(run))
            {
                if (seen.Add(bigram))
                    counts[bigram] = counts.GetValueOrDefault(bigram) + 1;
            }
        }
        foreach (var (bigram, count) in counts)
            _weights[bigram] = (float)Math.Log(1 + (double)runs.Count / count);
        _unseen = (float)Math.Log(1 + (double)runs.Count);
    }

    /// <summary>The vector of a passage drawn from <paramref name="random"/>.</summary>
    public float[] Passage(Random random) => Of(_corpus.Passage(random, _passageChars));

    /// <summary>The vector of <paramref name="text"/>.</summary>
    public float[] Of(string text)
    {
        var frequencies = new Dictionary<int, int>();
        foreach (var bigram in Bigrams(text))
            frequencies[bigram] = frequencies.GetValueOrDefault(bigram) + 1;
        var vector = new float[_dimensions];
        foreach (var (bigram, tf) in frequencies)
        {
            var weight = (1 + (float)Math.Log(tf)) * _weights.GetValueOrDefault(bigram, _unseen);
            var h = (ulong)(uint)bigram;
            for (var b = 0; b < Buckets; b++)
            {
                h = Mix(h + (ulong)b);
                vector[(int)(h % (ulong)_dimensions)] += (h & (1UL << 63)) == 0 ? weight : -weight;
            }
        }
        return vector;
    }

    // Two adjacent letters or digits (Chinese characters are letters), Latin folded to lower case.
    private static IEnumerable<int> Bigrams(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]) && char.IsLetterOrDigit(text[i + 1]))
                yield return char.ToLowerInvariant(text[i]) << 16 | char.ToLowerInvariant(text[i + 1]);
        }
    }

    // SplitMix64's finaliser.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
