using System.Reflection;
using Lucene.Net.Analysis.Cn.Smart;

namespace Bot.Core.Search;

/// <summary>
/// The word and word-pair statistics of SmartCn's hidden Markov model, read from the two dictionary files its
/// package ships (the files <see cref="SmartChineseAnalyzer"/> itself loads), and arranged so that a word or a pair
/// of words is looked up by span: segmentation allocates nothing per candidate word.
/// </summary>
internal sealed class HhmmDictionary
{
    /// <summary>The largest frequency of the model, used in its smoothing.</summary>
    public const int MaxFrequency = 2079997 + 80000;

    /// <summary>Size of the pair table: a prime, as the model's double hashing needs.</summary>
    private const int PairTableLength = 402137;

    private const string ResourcePrefix = "Lucene.Net.Analysis.SmartCn.Hhmm.";

    private static readonly Lazy<HhmmDictionary> SharedInstance = new(Load);

    private readonly WordTrie _words;
    /// <summary>The pair table: hash and frequency side by side, so that a probe touches one cache line.</summary>
    private readonly PairEntry[] _pairs;

    private HhmmDictionary(WordTrie words, PairEntry[] pairs)
    {
        _words = words;
        _pairs = pairs;
    }

    /// <summary>The dictionaries, loaded once per process (about 0.3 s).</summary>
    public static HhmmDictionary Shared => SharedInstance.Value;

    /// <summary>How often <paramref name="word"/> occurs; 0 when it is no word of the dictionary.</summary>
    public int Frequency(ReadOnlySpan<char> word)
    {
        var node = WordTrie.Root;
        foreach (var c in word)
            if ((node = _words.Next(node, c)) == WordTrie.None)
                return 0;
        return Math.Max(0, _words.Frequency(node));
    }

    /// <summary>
    /// The words of the dictionary as a trie, walked one character at a time: <see cref="WordTrie.Next"/> gives
    /// <see cref="WordTrie.None"/> once no word begins with the characters walked.
    /// </summary>
    public WordTrie Words => _words;

    /// <summary>How often the pair hashed into <paramref name="hash"/> occurs; 0 when it is not in the dictionary.</summary>
    public int PairFrequency(in PairHash hash)
    {
        unchecked
        {
            var id = hash.Primary;
            var first = (int)(id % PairTableLength);
            var step = hash.Secondary % PairTableLength;
            if (first < 0)
                first += PairTableLength;
            if (step < 0)
                step += PairTableLength;
            var index = first;
            var probe = 1;
            while (_pairs[index].Hash != 0 && _pairs[index].Hash != id && probe < PairTableLength)
            {
                index = (first + probe * step) % PairTableLength;
                probe++;
            }
            return probe < PairTableLength && _pairs[index].Hash == id ? _pairs[index].Frequency : 0;
        }
    }

    private static HhmmDictionary Load()
    {
        var assembly = typeof(SmartChineseAnalyzer).Assembly;
        var words = LoadWords(assembly);
        return new HhmmDictionary(words, LoadPairs(assembly));
    }

    /// <summary>
    /// Reads <c>coredict.mem</c>: a hash table from a word's first character to its list of words (stored without
    /// that character), each with a frequency.
    /// </summary>
    private static WordTrie LoadWords(Assembly assembly)
    {
        using var reader = new BinaryReader(OpenResource(assembly, "coredict.mem"));
        var listOfChar = new short[reader.ReadInt32()];
        for (var i = 0; i < listOfChar.Length; i++)
            listOfChar[i] = reader.ReadInt16();
        var charAt = new char[reader.ReadInt32()];
        for (var i = 0; i < charAt.Length; i++)
            charAt[i] = reader.ReadChar();

        var lists = new string?[reader.ReadInt32()][];
        for (var i = 0; i < lists.Length; i++)
        {
            var count = reader.ReadInt32();
            if (count < 0)
                continue;
            var list = lists[i] = new string?[count];
            for (var j = 0; j < count; j++)
            {
                var length = reader.ReadInt32();
                list[j] = length < 0 ? null : new string(reader.ReadChars(length));
            }
        }
        var frequencies = new int[reader.ReadInt32()][];
        for (var i = 0; i < frequencies.Length; i++)
        {
            var count = reader.ReadInt32();
            if (count < 0)
                continue;
            var list = frequencies[i] = new int[count];
            for (var j = 0; j < count; j++)
                list[j] = reader.ReadInt32();
        }

        var trie = new WordTrie();
        for (var slot = 0; slot < charAt.Length; slot++)
        {
            var first = charAt[slot];
            if (first == '\0' || lists[listOfChar[slot]] is not { } words)
                continue;
            var wordFrequencies = frequencies[listOfChar[slot]];
            for (var j = 0; j < words.Length; j++)
                trie.Add(first + (words[j] ?? ""), wordFrequencies[j]);
        }
        return trie;
    }

    /// <summary>Reads <c>bigramdict.mem</c>: a double-hashed table of word-pair hashes and their frequencies.</summary>
    private static PairEntry[] LoadPairs(Assembly assembly)
    {
        using var reader = new BinaryReader(OpenResource(assembly, "bigramdict.mem"));
        var hashes = new long[reader.ReadInt32()];
        for (var i = 0; i < hashes.Length; i++)
            hashes[i] = reader.ReadInt64();
        var frequencies = new int[reader.ReadInt32()];
        for (var i = 0; i < frequencies.Length; i++)
            frequencies[i] = reader.ReadInt32();
        if (hashes.Length != PairTableLength || frequencies.Length != PairTableLength)
            throw new InvalidDataException(
                $"SmartCn's word-pair dictionary has {hashes.Length} slots; this segmenter expects {PairTableLength}.");
        var pairs = new PairEntry[PairTableLength];
        for (var i = 0; i < pairs.Length; i++)
            pairs[i] = new PairEntry(hashes[i], frequencies[i]);
        return pairs;
    }

    private readonly record struct PairEntry(long Hash, int Frequency);

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidDataException($"SmartCn's dictionary {name} is missing from {assembly.GetName().Name}.");
}

/// <summary>
/// Words as a trie of numbered nodes: a node per prefix of a word, its frequency when the prefix is itself a word, and
/// one open-addressed table from (node, character) to the next node, so that extending a prefix costs one probe.
/// </summary>
internal sealed class WordTrie
{
    /// <summary>No node: no word begins with the characters walked.</summary>
    public const int None = 0;

    /// <summary>The empty prefix, where every walk begins.</summary>
    public const int Root = 1;

    private int[] _frequencies = [-1, -1];
    private int _nodeCount = 2;
    private long[] _keys = new long[1 << 20];
    private int[] _nodes = new int[1 << 20];
    private int _edges;

    /// <summary>The node after <paramref name="node"/> and <paramref name="c"/>, or <see cref="None"/>.</summary>
    public int Next(int node, char c)
    {
        var key = ((long)node << 16) | c;
        var mask = _keys.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            var found = _keys[slot];
            if (found == key)
                return _nodes[slot];
            if (found == 0)
                return None;
        }
    }

    /// <summary>The frequency of the word ending at <paramref name="node"/>, or -1 when its prefix is no word.</summary>
    public int Frequency(int node) => _frequencies[node];

    /// <summary>
    /// Adds <paramref name="word"/>. A word listed twice keeps its first frequency, as the model's sorted lookup
    /// finds the first.
    /// </summary>
    public void Add(string word, int frequency)
    {
        var node = Root;
        foreach (var c in word)
        {
            var next = Next(node, c);
            if (next == None)
            {
                next = _nodeCount++;
                if (next == _frequencies.Length)
                    Array.Resize(ref _frequencies, next * 2);
                _frequencies[next] = -1;
                Insert(((long)node << 16) | c, next);
            }
            node = next;
        }
        if (_frequencies[node] < 0)
            _frequencies[node] = frequency;
    }

    private void Insert(long key, int node)
    {
        if ((_edges + 1) * 2 > _keys.Length)
            Grow();
        var mask = _keys.Length - 1;
        var slot = Slot(key, mask);
        while (_keys[slot] != 0)
            slot = (slot + 1) & mask;
        _keys[slot] = key;
        _nodes[slot] = node;
        _edges++;
    }

    private void Grow()
    {
        var (keys, nodes) = (_keys, _nodes);
        _keys = new long[keys.Length * 2];
        _nodes = new int[keys.Length * 2];
        _edges = 0;
        for (var i = 0; i < keys.Length; i++)
            if (keys[i] != 0)
                Insert(keys[i], nodes[i]);
    }

    private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15L)) >> 40) & mask;
}

/// <summary>
/// The two hashes the word-pair dictionary is keyed by (a 64-bit FNV-1 and a byte-wise djb2 variant), computed one
/// character at a time over "first word @ second word", so that a pair is hashed without building its string.
/// </summary>
internal struct PairHash
{
    /// <summary>The character that joins the two words of a pair.</summary>
    public const char Separator = '@';

    private const long FnvPrime = 1099511628211L;

    public long Primary;
    public int Secondary;

    public static PairHash Start => new() { Primary = unchecked((long)0xcbf29ce484222325L), Secondary = 5381 };

    public void Add(char c)
    {
        unchecked
        {
            Primary = (Primary ^ (c & 0xFF)) * FnvPrime;
            Primary = (Primary ^ (c >> 8)) * FnvPrime;
            Secondary = ((((Secondary << 5) + Secondary) + c) & 0xFF);
            Secondary = ((((Secondary << 5) + Secondary) + c) >> 8);
        }
    }

    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            Add(c);
    }
}
