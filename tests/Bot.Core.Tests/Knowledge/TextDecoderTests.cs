using System.Text;
using Bot.Core.Knowledge;

namespace Bot.Core.Tests.Knowledge;

public sealed class TextDecoderTests
{
    private const string Sample = "崇明区生态环保群众满意度全市第一。C919";

    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, byte[]> Encoded => new()
    {
        { "utf-8", new UTF8Encoding(false).GetBytes(Sample) },
        { "utf-8 bom", [.. new UTF8Encoding(true).GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)] },
        { "utf-16le bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Sample)] },
        { "utf-16be bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Sample)] },
        { "gbk", Encoding.GetEncoding("GBK").GetBytes(Sample) },
        { "gb18030", Encoding.GetEncoding("GB18030").GetBytes(Sample) },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Decode_SupportedEncoding_GivesTheText(string name, byte[] bytes)
    {
        Assert.True(Sample == TextDecoder.Decode(bytes), name);
    }

    [Fact]
    public void Decode_BinaryContent_Throws()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];

        var e = Assert.Throws<KnowledgeFormatException>(() => TextDecoder.Decode(png));
        Assert.Contains("binary", e.Message);
    }
}
