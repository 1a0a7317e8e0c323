using System.Buffers.Binary;
using Bot.Core.Ocr;
using Bot.TestSupport;

namespace Bot.Core.Tests.Ocr;

public sealed class ImageHeaderTests
{
    /// <summary>A PNG of 45 bytes that declares <paramref name="width"/> × <paramref name="height"/> pixels (a decompression bomb's header).</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        var png = new byte[45];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 0);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8;
        "IEND"u8.CopyTo(png.AsSpan(37));
        return png;
    }

    [Fact]
    public void Read_WhenPngDeclaresHugeSize_GivesThatSize()
    {
        Assert.Equal(10_000_000_000L, ImageHeader.Read(PngDeclaring(100_000, 100_000)).Pixels);
    }

    [Theory]
    [InlineData("page-one-column.png", "PNG")]
    [InlineData("page-two-columns.jpg", "JPEG")]
    [InlineData("page-bilevel.tif", "TIFF")]
    public void Read_OfARenderedPage_GivesItsFormatAndSize(string file, string format)
    {
        var header = ImageHeader.Read(File.ReadAllBytes(Path.Combine(Tesseract.Fixtures, file)));

        Assert.Equal(format, header.Format);
        Assert.InRange(header.Pixels, 100_000, 400_000);
    }

    [Fact]
    public void Read_OfALosslessWebP_GivesItsSize()
    {
        var webp = new byte[40];
        "RIFF"u8.CopyTo(webp);
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(4), 32);
        "WEBPVP8L"u8.CopyTo(webp.AsSpan(8));
        webp[20] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(21), (640u - 1) | (480u - 1) << 14);

        Assert.Equal(640L * 480, ImageHeader.Read(webp).Pixels);
    }

    [Theory]
    [InlineData("page-one-column.png")]
    [InlineData("page-two-columns.jpg")]
    [InlineData("page-bilevel.tif")]
    public void Read_WhenPictureIsCutShort_Refuses(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Tesseract.Fixtures, file));

        var e = Assert.Throws<OcrException>(() => ImageHeader.Read(bytes.AsSpan(0, bytes.Length * 2 / 3)));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_WhenEmptyOrNotAPicture_Refuses()
    {
        Assert.Throws<OcrException>(() => ImageHeader.Read([]));
        Assert.Throws<OcrException>(() => ImageHeader.Read("本报讯 not a picture"u8));
    }
}
