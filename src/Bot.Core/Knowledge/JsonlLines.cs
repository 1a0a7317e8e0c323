using System.Buffers;
using System.Text;

namespace Bot.Core.Knowledge;

/// <summary>
/// The lines of a UTF-8 stream (JSON Lines is UTF-8 by definition), each at most a bound in bytes: a longer line is
/// skipped without being held in memory, and reported by its number.
/// </summary>
internal sealed class JsonlLines(Stream stream, int maxLineBytes) : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false, throwOnInvalidBytes: true);
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private bool _first = true;
    private bool _eof;

    /// <summary>The next line: its number, and its text (null when it was longer than the bound); false at the end.</summary>
    public bool Next(out int number, out string? text)
    {
        number = ++Number;
        text = null;
        _line.SetLength(0);
        var tooLong = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !Fill())
                {
                    if (_line.Length == 0 && !tooLong)
                        return false;
                    break;
                }
            }
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            var piece = newline < 0 ? span : span[..newline];
            if (!tooLong)
            {
                if (_line.Length + piece.Length > maxLineBytes)
                    tooLong = true;
                else
                    _line.Write(piece);
            }
            _start += newline < 0 ? piece.Length : newline + 1;
            if (newline >= 0)
                break;
        }
        if (!tooLong)
        {
            var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
            if (bytes.EndsWith("\r"u8))
                bytes = bytes[..^1];
            text = Utf8.GetString(bytes);
        }
        return true;
    }

    /// <summary>The number of the line last returned.</summary>
    public int Number { get; private set; }

    private bool Fill()
    {
        _start = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        if (_end == 0)
        {
            _eof = true;
            return false;
        }
        if (_first)
        {
            _first = false;
            if (_buffer.AsSpan(0, _end).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                _start = 3;
        }
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _line.Dispose();
    }
}
