using System.Buffers.Binary;

namespace Bot.Core.Ocr;

/// <summary>The size of a picture as its header declares it, read without decoding it.</summary>
/// <param name="Format">"PNG", "JPEG", "TIFF" or "WebP".</param>
/// <param name="Pixels">Width × height, summed over the pages of a multi-page TIFF.</param>
/// <param name="Description">"2480 × 3508" (or the page count of a TIFF) for messages.</param>
public sealed record ImageHeader(string Format, long Pixels, string Description)
{
    /// <summary>
    /// The header of <paramref name="image"/>; throws <see cref="OcrException"/> when it is no picture this reads, or is cut
    /// short (a PNG without its IEND chunk, a JPEG without the end of its scan, a TIFF or WebP whose data runs past the end).
    /// </summary>
    public static ImageHeader Read(ReadOnlySpan<byte> image)
    {
        if (image.Length == 0)
            throw new OcrException("empty picture");
        if (image.StartsWith(PngSignature))
            return Png(image);
        if (image.Length >= 3 && image[0] == 0xFF && image[1] == 0xD8 && image[2] == 0xFF)
            return Jpeg(image);
        if (image.StartsWith("II*\0"u8) || image.StartsWith("MM\0*"u8))
            return Tiff(image);
        if (image.Length >= 12 && image.StartsWith("RIFF"u8) && image[8..12].SequenceEqual("WEBP"u8))
            return WebP(image);
        throw new OcrException("not a picture this reads (PNG, JPEG, TIFF or WebP)");
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ImageHeader Png(ReadOnlySpan<byte> image)
    {
        if (image.Length < 33 || !image[12..16].SequenceEqual("IHDR"u8))
            throw new OcrException("truncated PNG (no IHDR header)");
        var width = BinaryPrimitives.ReadUInt32BigEndian(image[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(image[20..]);
        // Checked before the end: the size is what a decompression bomb gives away, whatever else is wrong with it.
        var header = Sized("PNG", width, height);
        if (image.Length < 45 || !image[^8..^4].SequenceEqual("IEND"u8))
            throw new OcrException("truncated PNG (no IEND chunk at its end)");
        return header;
    }

    private static ImageHeader Jpeg(ReadOnlySpan<byte> image)
    {
        ImageHeader? header = null;
        var at = 2;
        while (at + 4 <= image.Length)
        {
            if (image[at] != 0xFF)
                throw new OcrException("corrupt JPEG (a marker expected)");
            var marker = image[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }
            if (marker is 0x01 or >= 0xD0 and <= 0xD7)
            {
                at += 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(at + 2)..]);
            if (length < 2 || at + 2 + length > image.Length)
                break;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && length >= 7)
            {
                var segment = image[(at + 4)..];
                header = Sized("JPEG", BinaryPrimitives.ReadUInt16BigEndian(segment[3..]), BinaryPrimitives.ReadUInt16BigEndian(segment[1..]));
            }
            if (marker == 0xDA)
            {
                if (header is null)
                    break;
                // In the scan an 0xFF byte is followed by 0x00 or a restart marker: FF D9 is the end of the image (what
                // follows it, such as a phone's appended video, does not matter).
                if (image[(at + 2 + length)..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
                    throw new OcrException("truncated JPEG (its scan has no end)");
                return header;
            }
            at += 2 + length;
        }
        throw new OcrException(header is null ? "truncated JPEG (no frame header)" : "truncated JPEG (no scan)");
    }

    private static ImageHeader Tiff(ReadOnlySpan<byte> image)
    {
        var little = image[0] == (byte)'I';
        long pixels = 0;
        var pages = 0;
        var first = "";
        var seen = new HashSet<uint>();
        for (var ifd = U32(image, 4, little); ifd != 0;)
        {
            if (!seen.Add(ifd) || pages >= 1000)
                throw new OcrException("corrupt TIFF (its directories loop)");
            var entries = U16(image, ifd, little);
            uint width = 0, height = 0;
            var offsets = new List<long>();
            var counts = new List<long>();
            for (var e = 0u; e < entries; e++)
            {
                var at = ifd + 2 + e * 12;
                var tag = U16(image, at, little);
                var type = U16(image, at + 2, little);
                var count = U32(image, at + 4, little);
                switch (tag)
                {
                    case 256:
                        width = Value(image, at, type, count, 0, little);
                        break;
                    case 257:
                        height = Value(image, at, type, count, 0, little);
                        break;
                    case 273 or 324 when count <= 1 << 20:
                        for (var i = 0u; i < count; i++)
                            offsets.Add(Value(image, at, type, count, i, little));
                        break;
                    case 279 or 325 when count <= 1 << 20:
                        for (var i = 0u; i < count; i++)
                            counts.Add(Value(image, at, type, count, i, little));
                        break;
                }
            }
            if (width == 0 || height == 0 || offsets.Count == 0)
                throw new OcrException("corrupt TIFF (a page without size or data)");
            pixels += (long)width * height;
            if (pages++ == 0)
                first = $"{width} × {height}";
            var length = image.Length;
            if (offsets.Zip(counts).Any(p => p.First + p.Second > length))
                throw TiffTruncated();
            ifd = U32(image, ifd + 2 + entries * 12u, little);
        }
        return new ImageHeader("TIFF", pixels, pages == 1 ? first : $"{pages} pages");
    }

    // Value i of a TIFF entry at entry: in the entry itself when all its values fit in four bytes, else at the offset it holds.
    private static uint Value(ReadOnlySpan<byte> image, uint entry, ushort type, uint count, uint i, bool little)
    {
        var size = type == 3 ? 2u : 4u;
        var place = (ulong)size * count <= 4 ? entry + 8 : U32(image, entry + 8, little);
        var where = (ulong)place + (ulong)i * size;
        return where > int.MaxValue ? throw TiffTruncated() : type == 3 ? U16(image, (uint)where, little) : U32(image, (uint)where, little);
    }

    private static uint U32(ReadOnlySpan<byte> image, uint at, bool little) =>
        (ulong)at + 4 > (ulong)image.Length ? throw TiffTruncated()
        : little ? BinaryPrimitives.ReadUInt32LittleEndian(image[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(image[(int)at..]);

    private static ushort U16(ReadOnlySpan<byte> image, uint at, bool little) =>
        (ulong)at + 2 > (ulong)image.Length ? throw TiffTruncated()
        : little ? BinaryPrimitives.ReadUInt16LittleEndian(image[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(image[(int)at..]);

    private static OcrException TiffTruncated() => new("truncated TIFF (a directory or its data runs past the end)");

    private static ImageHeader WebP(ReadOnlySpan<byte> image)
    {
        var riff = BinaryPrimitives.ReadUInt32LittleEndian(image[4..]);
        if (image.Length < 30)
            throw new OcrException("truncated WebP");
        var chunk = image[12..16];
        var data = image[20..];
        ImageHeader header;
        if (chunk.SequenceEqual("VP8 "u8))
            header = Sized("WebP", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFFu);
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            header = Sized("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        else if (chunk.SequenceEqual("VP8X"u8))
            header = Sized("WebP", (data[4] | (uint)data[5] << 8 | (uint)data[6] << 16) + 1, (data[7] | (uint)data[8] << 8 | (uint)data[9] << 16) + 1);
        else
            throw new OcrException("corrupt WebP (no VP8 chunk)");
        if (riff + 8L > image.Length)
            throw new OcrException("truncated WebP (shorter than its RIFF header says)");
        return header;
    }

    private static ImageHeader Sized(string format, uint width, uint height)
    {
        if (width == 0 || height == 0)
            throw new OcrException($"corrupt {format} (0 pixels wide or high)");
        return new ImageHeader(format, (long)width * height, $"{width} × {height}");
    }
}
