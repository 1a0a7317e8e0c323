using System.Globalization;
using ICU4N.Text;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace Bot.Core.Search;

/// <summary>
/// SmartCn's tokenizer, made fast: text cut into sentences by ICU's sentence rules, as SmartCn's
/// <c>HMMChineseTokenizer</c> does, each sentence segmented by <see cref="HhmmSegmenter"/>. Terms and offsets are
/// SmartCn's: Chinese words as written (spaces inside dropped), letters and digits folded to half-width lower case,
/// punctuation as "," (for the stop filter to drop).
/// </summary>
internal sealed class HhmmTokenizer : SegmentingTokenizerBase
{
    private readonly HhmmSegmenter _segmenter;
    private readonly List<HhmmSegmenter.Word> _words = [];
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly ITypeAttribute _type;
    private int _sentenceStart;
    private int _next;

    public HhmmTokenizer(TextReader reader, HhmmDictionary dictionary)
        : base(reader, BreakIterator.GetSentenceInstance(CultureInfo.InvariantCulture))
    {
        _segmenter = new HhmmSegmenter(dictionary);
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    protected override void SetNextSentence(int sentenceStart, int sentenceEnd)
    {
        _sentenceStart = sentenceStart;
        _segmenter.Segment(m_buffer.AsSpan(sentenceStart, sentenceEnd - sentenceStart), _words);
        _next = 0;
    }

    protected override bool IncrementWord()
    {
        if (_next >= _words.Count)
            return false;
        var word = _words[_next++];
        ClearAttributes();
        WriteTerm(m_buffer.AsSpan(_sentenceStart + word.Start, word.End - word.Start), word.Kind);
        var start = m_offset + _sentenceStart;
        _offset.SetOffset(CorrectOffset(start + word.Start), CorrectOffset(start + word.End));
        _type.Type = "word";
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _words.Clear();
        _next = 0;
    }

    private void WriteTerm(ReadOnlySpan<char> text, HhmmSegmenter.WordKind kind)
    {
        var buffer = _term.ResizeBuffer(text.Length);
        var length = 0;
        switch (kind)
        {
            case HhmmSegmenter.WordKind.Delimiter:
                buffer[length++] = ',';
                break;
            case HhmmSegmenter.WordKind.Chinese:
                foreach (var c in text)
                    if (!HhmmSegmenter.IsSpace(c))
                        buffer[length++] = c;
                break;
            case HhmmSegmenter.WordKind.Number:
                text.CopyTo(buffer);
                length = text.Length;
                break;
            default:
                var fullWidth = kind is HhmmSegmenter.WordKind.FullWidthString or HhmmSegmenter.WordKind.FullWidthNumber;
                foreach (var original in text)
                {
                    var c = fullWidth && original >= '\uFF10' ? (char)(original - 0xFEE0) : original;
                    buffer[length++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                }
                break;
        }
        _term.Length = length;
    }
}
