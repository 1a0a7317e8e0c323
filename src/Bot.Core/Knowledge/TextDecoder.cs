using System.Text;

namespace Bot.Core.Knowledge;

/// <summary>
/// Turns the bytes of a text file into a string: UTF-8 with or without BOM, UTF-16 with BOM,
/// and GB18030/GBK, which is common for Chinese files that have no BOM.
/// </summary>
public static class TextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="KnowledgeFormatException"/> for binary or undecodable content.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return Checked(DecodeWith(StrictUtf8, bytes[3..], "UTF-8"));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Checked(DecodeWith(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16LE"));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Checked(DecodeWith(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16BE"));

        if (bytes.IndexOf((byte)0) >= 0)
            throw new KnowledgeFormatException("binary content (NUL bytes), not a text file");

        try
        {
            return Checked(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: GB18030 is a superset of GBK and GB2312, the usual encodings of Chinese text without a BOM.
            return Checked(DecodeWith(Gb18030.Value, bytes, "UTF-8 or GB18030"));
        }
    }

    private static string DecodeWith(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new KnowledgeFormatException($"not valid {name} text");
        }
    }

    // Text in any of the encodings can still be binary junk: reject content that is mostly control characters.
    private static string Checked(string text)
    {
        var control = 0;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))
                control++;
        }
        if (text.Length > 0 && control > text.Length / 20)
            throw new KnowledgeFormatException("binary content (control characters), not a text file");
        return text;
    }
}
