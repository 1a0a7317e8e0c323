using System.Numerics;
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

    /// <summary>Slots of the pair table as shipped (a prime, for its double hashing).</summary>
    private const int ShippedPairSlots = 402137;

    private const string ResourcePrefix = "Lucene.Net.Analysis.SmartCn.Hhmm.";

    private static readonly Lazy<HhmmDictionary> SharedInstance = new(Load);

    private readonly WordTrie _words;
    private readonly PairTable _pairs;

    private HhmmDictionary(WordTrie words, PairTable pairs)
    {
        _words = words;
        _pairs = pairs;
    }

    /// <summary>The dictionaries, loaded once per process (about 0.3 s).</summary>
    public static HhmmDictionary Shared => SharedInstance.Value;

    /// <summary>
    /// The words of the dictionary as a trie, walked one character at a time: <see cref="WordTrie.Next"/> gives
    /// <see cref="WordTrie.None"/> once no word begins with the characters walked.
    /// </summary>
    public WordTrie Words => _words;

    /// <summary>How often <paramref name="word"/> occurs; 0 when it is no word of the dictionary.</summary>
    public int Frequency(ReadOnlySpan<char> word)
    {
        var node = WordTrie.Root;
        foreach (var c in word)
            if ((node = _words.Next(node, c)) == WordTrie.None)
                return 0;
        return Math.Max(0, _words.Frequency(node));
    }

    /// <summary>How often the pair hashed into <paramref name="hash"/> occurs; 0 when it is not in the dictionary.</summary>
    public int PairFrequency(in PairHash hash) => _pairs.Frequency(hash.Value);

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
        var listOfChar = ReadArray(reader, r => r.ReadInt16());
        var charAt = ReadArray(reader, r => r.ReadChar());
        // Lists and words are written with a length of -1 when absent.
        var lists = ReadArray(reader, r => ReadArrayOrNull(r, words => words.ReadInt32() is var length and >= 0
            ? new string(words.ReadChars(length))
            : null));
        var frequencies = ReadArray(reader, r => ReadArrayOrNull(r, f => f.ReadInt32()));

        var trie = new WordTrie();
        for (var slot = 0; slot < charAt.Length; slot++)
        {
            var first = charAt[slot];
            if (first == '\0' || lists[listOfChar[slot]] is not { } words)
                continue;
            var wordFrequencies = frequencies[listOfChar[slot]]!;
            for (var j = 0; j < words.Length; j++)
                trie.Add(first + (words[j] ?? ""), wordFrequencies[j]);
        }
        return trie;
    }

    /// <summary>
    /// Reads <c>bigramdict.mem</c>: the model's table of word-pair hashes and frequencies. It is 82 % full and
    /// double-hashed with a weak second hash: a lookup probed 19 slots on average over news text; its entries
    /// go into a table a third full instead (1.5 probes). A pair is known by its 64-bit hash alone in both, and
    /// the shipped table holds each hash once, so the answers are the same.
    /// </summary>
    private static PairTable LoadPairs(Assembly assembly)
    {
        using var reader = new BinaryReader(OpenResource(assembly, "bigramdict.mem"));
        var hashes = ReadArray(reader, r => r.ReadInt64());
        var frequencies = ReadArray(reader, r => r.ReadInt32());
        if (hashes.Length != ShippedPairSlots || frequencies.Length != ShippedPairSlots)
            throw new InvalidDataException(
                $"SmartCn's word-pair dictionary has {hashes.Length} slots; this segmenter expects {ShippedPairSlots}.");
        return new PairTable(hashes, frequencies);
    }

    /// <summary>An array as the dictionaries store one: its length, then its items.</summary>
    private static T[] ReadArray<T>(BinaryReader reader, Func<BinaryReader, T> read) =>
        ReadArrayOrNull(reader, read) ?? throw new InvalidDataException("SmartCn's dictionary lacks an array it needs.");

    private static T[]? ReadArrayOrNull<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var length = reader.ReadInt32();
        if (length < 0)
            return null;
        var items = new T[length];
        for (var i = 0; i < items.Length; i++)
            items[i] = read(reader);
        return items;
    }

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

    private const int NodeBits = 24;
    private const long NodeMask = (1L << NodeBits) - 1;

    /// <summary>The node of each first character: the first step of every walk, without hashing.</summary>
    private readonly int[] _firstSteps = new int[char.MaxValue + 1];
    private int[] _frequencies = [-1, -1];
    private int _nodeCount = 2;

    /// <summary>Linear probing; each slot packs (node, character) above the next node, 0 when empty.</summary>
    private long[] _steps = new long[1 << 18];
    private int _stepCount;

    /// <summary>One bit per (node, character) hash, in cache: most steps a sentence tries lead nowhere.</summary>
    private readonly ulong[] _stepFilter = new ulong[(1 << StepFilterBits) / 64];
    private const int StepFilterBits = 20;

    /// <summary>The node after <paramref name="node"/> and <paramref name="c"/>, or <see cref="None"/>.</summary>
    public int Next(int node, char c)
    {
        if (node == Root)
            return _firstSteps[c];
        var key = ((long)node << 16) | c;
        var bit = FilterBit(key);
        if ((_stepFilter[bit >> 6] & (1UL << bit)) == 0)
            return None;
        var steps = _steps;
        var mask = steps.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            var entry = steps[slot];
            if (entry == 0)
                return None;
            if (entry >>> NodeBits == key)
                return (int)(entry & NodeMask);
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
                if (next > NodeMask)
                    throw new InvalidDataException("SmartCn's word dictionary is larger than this trie can hold.");
                if (next == _frequencies.Length)
                    Array.Resize(ref _frequencies, next * 2);
                _frequencies[next] = -1;
                if (node == Root)
                    _firstSteps[c] = next;
                else
                {
                    var key = ((long)node << 16) | c;
                    Insert(key << NodeBits | (uint)next);
                    var bit = FilterBit(key);
                    _stepFilter[bit >> 6] |= 1UL << bit;
                }
            }
            node = next;
        }
        if (_frequencies[node] < 0)
            _frequencies[node] = frequency;
    }

    private void Insert(long entry)
    {
        if ((_stepCount + 1) * 2 > _steps.Length)
        {
            var old = _steps;
            _steps = new long[old.Length * 2];
            _stepCount = 0;
            foreach (var kept in old)
                if (kept != 0)
                    Insert(kept);
        }
        var mask = _steps.Length - 1;
        var slot = Slot(entry >>> NodeBits, mask);
        while (_steps[slot] != 0)
            slot = (slot + 1) & mask;
        _steps[slot] = entry;
        _stepCount++;
    }

    private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15L)) >> 40) & mask;

    private static int FilterBit(long key) => (int)((ulong)(key * unchecked((long)0xC2B2AE3D27D4EB4FL)) >> (64 - StepFilterBits));
}

/// <summary>
/// Word-pair hashes and their frequencies, linear probing in a table at most a third full (8 MB, beyond the cache),
/// behind a one-bit-per-slot filter small enough to stay in cache (256 KB): most pairs a sentence offers are unknown,
/// and the filter turns most of those away without touching the table.
/// </summary>
internal sealed class PairTable
{
    private const int FilterBits = 21;

    private readonly long[] _hashes;
    private readonly int[] _frequencies;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];

    /// <param name="hashes">Pair hashes, 0 for an empty slot.</param>
    /// <param name="frequencies">The frequency of each pair, by the same index.</param>
    public PairTable(long[] hashes, int[] frequencies)
    {
        var count = hashes.Count(hash => hash != 0);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 3));
        _hashes = new long[size];
        _frequencies = new int[size];
        for (var i = 0; i < hashes.Length; i++)
        {
            if (hashes[i] == 0)
                continue;
            var slot = Find(hashes[i]);
            _hashes[slot] = hashes[i];
            _frequencies[slot] = frequencies[i];
            var bit = FilterBit(hashes[i]);
            _filter[bit >> 6] |= 1UL << bit;
        }
    }

    /// <summary>The frequency of the pair hashed to <paramref name="hash"/>, 0 when unknown.</summary>
    public int Frequency(long hash)
    {
        var bit = FilterBit(hash);
        if ((_filter[bit >> 6] & (1UL << bit)) == 0)
            return 0;
        var slot = Find(hash);
        return _hashes[slot] == hash ? _frequencies[slot] : 0;
    }

    private static int FilterBit(long hash) => (int)((ulong)(hash * unchecked((long)0xC2B2AE3D27D4EB4FL)) >> (64 - FilterBits));

    /// <summary>The slot holding <paramref name="hash"/>, or the empty slot where it would go.</summary>
    private int Find(long hash)
    {
        var hashes = _hashes;
        var mask = hashes.Length - 1;
        var slot = (int)((ulong)(hash * unchecked((long)0x9E3779B97F4A7C15L)) >> 40) & mask;
        while (hashes[slot] != 0 && hashes[slot] != hash)
            slot = (slot + 1) & mask;
        return slot;
    }
}

/// <summary>
/// The hash the word-pair dictionary is keyed by — the 64-bit FNV-1 of "first word @ second word", taken a byte of
/// each character at a time — computed character by character, so that a pair is hashed without building its string.
/// </summary>
internal struct PairHash
{
    /// <summary>The character that joins the two words of a pair.</summary>
    public const char Separator = '@';

    private const long FnvPrime = 1099511628211L;

    public long Value;

    public static PairHash Start => new() { Value = unchecked((long)0xcbf29ce484222325L) };

    public void Add(char c)
    {
        unchecked
        {
            Value = (Value ^ (c & 0xFF)) * FnvPrime;
            Value = (Value ^ (c >> 8)) * FnvPrime;
        }
    }

    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            Add(c);
    }
}
