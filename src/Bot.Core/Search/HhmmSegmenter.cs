namespace Bot.Core.Search;

/// <summary>
/// Cuts one sentence into words the way SmartCn's hidden Markov model does — every dictionary word at every
/// position, then the cheapest path through the word-pair graph — with buffers kept between sentences, so that a
/// sentence costs no allocation. One instance per thread: it is not thread-safe.
/// </summary>
/// <remarks>
/// SmartCn builds a graph object, a token object and a char array per candidate word, and a char array per
/// candidate word pair; that was about 1 KB of garbage per character and half of the index build's time.
/// The words, the pair weights, the order ties are broken in and thus the segmentation are the same;
/// <c>HhmmTokenizerTests</c> hold it to SmartCn's output.
/// </remarks>
internal sealed class HhmmSegmenter
{
    private const double Smoothing = 0.1;
    private const double Tiny = 1.0 / HhmmDictionary.MaxFrequency;

    /// <summary>Stand-ins the model's statistics use for strings of letters or digits and the sentence's ends.</summary>
    private const string StringWord = "未##串", NumberWord = "未##数", BeginWord = "始##始", EndWord = "末##末";

    private readonly HhmmDictionary _dictionary;

    /// <summary>The stand-ins' frequencies: the same for every sentence, so looked up once.</summary>
    private readonly int _stringFrequency, _numberFrequency, _beginFrequency, _endFrequency;
    private CharKind[] _kinds = new CharKind[256];
    private Candidate[] _candidates = new Candidate[512];
    private int[] _firstAtOrAfter = new int[257];
    private double[] _cost = new double[512];
    private int[] _previous = new int[512];
    private int _count;

    public HhmmSegmenter(HhmmDictionary dictionary)
    {
        _dictionary = dictionary;
        _stringFrequency = dictionary.Frequency(StringWord);
        _numberFrequency = dictionary.Frequency(NumberWord);
        _beginFrequency = dictionary.Frequency(BeginWord);
        _endFrequency = dictionary.Frequency(EndWord);
    }

    /// <summary>The kinds of word the model knows; they decide how a word's term is written.</summary>
    public enum WordKind : byte { Begin, End, Chinese, String, FullWidthString, Number, FullWidthNumber, Delimiter }

    /// <summary>
    /// Segments <paramref name="sentence"/> and adds its words, in order, to <paramref name="words"/> (cleared first).
    /// </summary>
    public void Segment(ReadOnlySpan<char> sentence, List<Word> words)
    {
        words.Clear();
        Classify(sentence);
        FindCandidates(sentence);
        FindCheapestPath(sentence);

        // Walk back from the end marker; the begin marker is candidate 0.
        for (var at = _previous[_count - 1]; at > 0; at = _previous[at])
        {
            ref var candidate = ref _candidates[at];
            words.Add(new Word(candidate.Start, candidate.End, candidate.Kind));
        }
        words.Reverse();
    }

    private void Classify(ReadOnlySpan<char> sentence)
    {
        if (_kinds.Length < sentence.Length)
            _kinds = new CharKind[Math.Max(sentence.Length, _kinds.Length * 2)];
        for (var i = 0; i < sentence.Length; i++)
            _kinds[i] = KindOf(sentence[i]);
    }

    /// <summary>Every word the dictionary allows at every position, in order of position, shortest first.</summary>
    private void FindCandidates(ReadOnlySpan<char> sentence)
    {
        _count = 0;
        Add(-1, 0, WordKind.Begin, _beginFrequency);
        var length = sentence.Length;
        var i = 0;
        while (i < length)
        {
            switch (_kinds[i])
            {
                case CharKind.Space:
                    i++;
                    break;
                case CharKind.Hanzi:
                    AddChineseWords(sentence, i);
                    i++;
                    break;
                case CharKind.Letter or CharKind.FullWidthLetter:
                    i = AddRun(i, length, CharKind.Letter, CharKind.FullWidthLetter, WordKind.String, WordKind.FullWidthString, _stringFrequency);
                    break;
                case CharKind.Digit or CharKind.FullWidthDigit:
                    i = AddRun(i, length, CharKind.Digit, CharKind.FullWidthDigit, WordKind.Number, WordKind.FullWidthNumber, _numberFrequency);
                    break;
                case CharKind.Delimiter:
                    // Punctuation gets the highest frequency: no weight needs looking up.
                    Add(i, i + 1, WordKind.Delimiter, HhmmDictionary.MaxFrequency);
                    i++;
                    break;
                default:
                    // Anything else (outside GB2312's ranges) is an unknown string of one character.
                    Add(i, i + 1, WordKind.String, _stringFrequency);
                    i++;
                    break;
            }
        }
        Add(length, length + 1, WordKind.End, _endFrequency);

        // For each position, the first candidate starting there or later.
        if (_firstAtOrAfter.Length < length + 2)
            _firstAtOrAfter = new int[Math.Max(length + 2, _firstAtOrAfter.Length * 2)];
        var next = _count - 1;
        for (var position = length; position >= 0; position--)
        {
            while (next > 1 && _candidates[next - 1].Start >= position)
                next--;
            _firstAtOrAfter[position] = next;
        }
    }

    /// <summary>
    /// A run of letters, or of digits, half- and full-width mixed: one word, known to the model by its stand-in, whose
    /// frequency is <paramref name="frequency"/>. Returns where the run ends.
    /// </summary>
    private int AddRun(int start, int length, CharKind half, CharKind full, WordKind kind, WordKind fullWidthKind, int frequency)
    {
        var fullWidth = false;
        var end = start;
        for (; end < length && (_kinds[end] == half || _kinds[end] == full); end++)
            fullWidth |= _kinds[end] == full;
        Add(start, end, fullWidth ? fullWidthKind : kind, frequency);
        return end;
    }

    /// <summary>
    /// The character at <paramref name="start"/> as a word of its own, whatever its frequency, then each longer
    /// dictionary word made of it and the Chinese characters after it (spaces between them are skipped).
    /// </summary>
    private void AddChineseWords(ReadOnlySpan<char> sentence, int start)
    {
        var words = _dictionary.Words;
        var node = words.Next(WordTrie.Root, sentence[start]);
        Add(start, start + 1, WordKind.Chinese, node == WordTrie.None ? 0 : Math.Max(0, words.Frequency(node)));
        var j = start + 1;
        while (node != WordTrie.None)
        {
            while (j < sentence.Length && _kinds[j] == CharKind.Space)
                j++;
            if (j >= sentence.Length || _kinds[j] != CharKind.Hanzi)
                return;
            node = words.Next(node, sentence[j++]);
            if (node != WordTrie.None && words.Frequency(node) >= 0)
                Add(start, j, WordKind.Chinese, words.Frequency(node));
        }
    }

    /// <summary>
    /// Viterbi over the word-pair graph: a word links to every word at the first position after it that has any.
    /// Candidates are in position order and every link goes forward, so relaxing them in order finds each cheapest
    /// path; a strict comparison keeps the first of equal paths, as the model does.
    /// </summary>
    private void FindCheapestPath(ReadOnlySpan<char> sentence)
    {
        if (_cost.Length < _count)
        {
            _cost = new double[_candidates.Length];
            _previous = new int[_candidates.Length];
        }
        _cost[0] = 0;
        for (var k = 1; k < _count; k++)
            _cost[k] = double.MaxValue;

        var end = _count - 1;
        for (var from = 0; from < end; from++)
        {
            ref var first = ref _candidates[from];
            var nextStart = _firstAtOrAfter[first.End];
            var groupStart = _candidates[nextStart].Start;
            var pairPrefix = PairHash.Start;
            AddKey(ref pairPrefix, sentence, in first);
            pairPrefix.Add(PairHash.Separator);
            double frequency = first.Frequency;
            var unknownPairWeight = double.NaN;
            for (var to = nextStart; to < _count && _candidates[to].Start == groupStart; to++)
            {
                var pair = pairPrefix;
                AddKey(ref pair, sentence, in _candidates[to]);
                var pairFrequency = _dictionary.PairFrequency(in pair);
                // Most pairs are unknown (frequency 0), and then the weight depends on the first word alone.
                var weight = pairFrequency == 0 && !double.IsNaN(unknownPairWeight)
                    ? unknownPairWeight
                    : PairWeight(frequency, pairFrequency);
                if (pairFrequency == 0)
                    unknownPairWeight = weight;
                var cost = _cost[from] + weight;
                if (cost < _cost[to])
                {
                    _cost[to] = cost;
                    _previous[to] = from;
                }
            }
        }
    }

    /// <summary>
    /// The cost of a word followed by another: minus the log of the smoothed probability of the pair, mixing the
    /// first word's frequency with the pair's. Written as the model writes it, so that the doubles come out the same.
    /// </summary>
    private static double PairWeight(double frequency, int pairFrequency) =>
        -Math.Log(Smoothing * (1.0 + frequency) / (HhmmDictionary.MaxFrequency + 0.0)
            + (1.0 - Smoothing) * ((1.0 - Tiny) * pairFrequency / (1.0 + frequency) + Tiny));

    /// <summary>The characters a candidate is known by in the model's statistics.</summary>
    private void AddKey(ref PairHash hash, ReadOnlySpan<char> sentence, in Candidate candidate)
    {
        switch (candidate.Kind)
        {
            case WordKind.Chinese:
                for (var i = candidate.Start; i < candidate.End; i++)
                    if (_kinds[i] != CharKind.Space)
                        hash.Add(sentence[i]);
                break;
            case WordKind.Delimiter:
                hash.Add(sentence[candidate.Start]);
                break;
            case WordKind.String or WordKind.FullWidthString:
                hash.Add(StringWord);
                break;
            case WordKind.Number or WordKind.FullWidthNumber:
                hash.Add(NumberWord);
                break;
            case WordKind.Begin:
                hash.Add(BeginWord);
                break;
            default:
                hash.Add(EndWord);
                break;
        }
    }

    private void Add(int start, int end, WordKind kind, int frequency)
    {
        if (_count == _candidates.Length)
            Array.Resize(ref _candidates, _count * 2);
        _candidates[_count++] = new Candidate(start, end, kind, frequency);
    }

    /// <summary>SmartCn's character classes, by code point range.</summary>
    private static CharKind KindOf(char c) => c switch
    {
        >= '\u4E00' and <= '\u9FA5' => CharKind.Hanzi,
        >= 'A' and <= 'Z' or >= 'a' and <= 'z' => CharKind.Letter,
        >= '0' and <= '9' => CharKind.Digit,
        ' ' or '\t' or '\r' or '\n' or '\u3000' => CharKind.Space,
        >= '\u0021' and <= '\u00BB' or >= '\u2010' and <= '\u2642' or >= '\u3001' and <= '\u301E' => CharKind.Delimiter,
        >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A' => CharKind.FullWidthLetter,
        >= '\uFF10' and <= '\uFF19' => CharKind.FullWidthDigit,
        >= '\uFE30' and <= '\uFF63' => CharKind.Delimiter,
        _ => CharKind.Other,
    };

    /// <summary>Whether <paramref name="c"/> is one of the spaces the model skips.</summary>
    public static bool IsSpace(char c) => KindOf(c) == CharKind.Space;

    private enum CharKind : byte { Other, Hanzi, Letter, FullWidthLetter, Digit, FullWidthDigit, Space, Delimiter }

    private readonly record struct Candidate(int Start, int End, WordKind Kind, int Frequency);

    /// <summary>A word of the sentence: where it stands and what kind it is.</summary>
    public readonly record struct Word(int Start, int End, WordKind Kind);
}
