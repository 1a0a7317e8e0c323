using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;

namespace Bot.Core.Indexing;

/// <summary>
/// A persisted index read through memory maps: each file is mapped once when opened and every read is a copy from its
/// address, with no lock and no system call. <see cref="SimpleFSDirectory"/> reads a file under a lock with one system
/// call per 1 KB buffer (a question's postings cost hundreds of them), and this Lucene.Net version's own
/// <see cref="MMapDirectory"/> tracks every clone of an input in a weak table and takes the view's pointer on each read
/// (its issue #1151: many times slower than <see cref="SimpleFSDirectory"/> under parallel load; measured here, its
/// clones made the garbage collector the larger cost). Written files are written as <see cref="FSDirectory"/> writes them.
/// An input and its clones read until the input that opened the file is disposed; Lucene disposes it only when no
/// search uses the reader (a snapshot's lease, <see cref="KnowledgeSnapshot"/>).
/// </summary>
public sealed class MappedDirectory(DirectoryInfo path) : FSDirectory(path, null)
{
    /// <inheritdoc />
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = MappedFile.Open(Path.Combine(Directory.FullName, name));
        return new MappedInput($"MappedInput({name})", file, 0, file.Length, owner: true);
    }

    /// <inheritdoc />
    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return new Slicer(name, MappedFile.Open(Path.Combine(Directory.FullName, name)));
    }

    // The parts of a compound file, each read from the one mapping of the whole file.
    private sealed class Slicer(string name, MappedFile file) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset + length > file.Length)
                throw new ArgumentException($"slice {sliceDescription} ({offset}+{length}) is outside {name} ({file.Length} bytes)");
            return new MappedInput($"MappedInput({name}: {sliceDescription})", file, offset, length, owner: false);
        }

        [Obsolete("Only for reading the compound files of 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("whole", 0, file.Length);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                file.Dispose();
        }
    }
}

/// <summary>One index file mapped read-only, and its address; an empty file maps nothing.</summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private int _closed;

    private MappedFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* start, long length)
    {
        _map = map;
        _view = view;
        Start = start;
        Length = length;
    }

    public byte* Start { get; }

    public long Length { get; }

    public bool Closed => Volatile.Read(ref _closed) != 0;

    public static MappedFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        if (stream.Length == 0)
        {
            stream.Dispose();
            return new MappedFile(null, null, null, 0);
        }
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* at = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref at);
            return new MappedFile(map, view, at + view.PointerOffset, stream.Length);
        }
        catch
        {
            view?.Dispose();
            if (map is null)
                stream.Dispose();
            map?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0 || _view is null)
            return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map!.Dispose();
    }
}

/// <summary>A window of a mapped file read by copying from its address; clones share the mapping.</summary>
internal sealed unsafe class MappedInput(string description, MappedFile file, long offset, long length, bool owner) : IndexInput(description)
{
    private long _position;
    private bool _owner = owner;

    public override long Length => length;

    public override long Position => _position;

    public override void Seek(long pos)
    {
        if (file.Closed)
            throw new ObjectDisposedException(ToString());
        if (pos < 0 || pos > length)
            throw new EndOfStreamException($"seek to {pos} past the end of {this} ({length} bytes)");
        _position = pos;
    }

    public override byte ReadByte()
    {
        if (_position >= length)
            throw new EndOfStreamException($"read past the end of {this}");
        return file.Start[offset + _position++];
    }

    public override void ReadBytes(byte[] b, int start, int len) => new ReadOnlySpan<byte>(Take(len), len).CopyTo(b.AsSpan(start, len));

    public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(new ReadOnlySpan<byte>(Take(2), 2));

    public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(new ReadOnlySpan<byte>(Take(4), 4));

    public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(new ReadOnlySpan<byte>(Take(8), 8));

    public override int ReadVInt32()
    {
        if (length - _position < 5)
            return base.ReadVInt32();
        var at = file.Start + offset + _position;
        int b = at[0], value = b & 0x7F, read = 1;
        for (var shift = 7; b >= 0x80; shift += 7)
        {
            if (read == 5)
                throw new FormatException($"invalid variable-length integer in {this}");
            b = at[read++];
            value |= (b & 0x7F) << shift;
        }
        _position += read;
        return value;
    }

    public override long ReadVInt64()
    {
        if (length - _position < 9)
            return base.ReadVInt64();
        var at = file.Start + offset + _position;
        long b = at[0], value = b & 0x7F;
        var read = 1;
        for (var shift = 7; b >= 0x80; shift += 7)
        {
            if (read == 9)
                throw new FormatException($"invalid variable-length integer in {this}");
            b = at[read++];
            value |= (b & 0x7F) << shift;
        }
        _position += read;
        return value;
    }

    public override object Clone()
    {
        if (file.Closed)
            throw new ObjectDisposedException(ToString());
        var clone = (MappedInput)base.Clone();
        clone._owner = false;
        return clone;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _owner)
            file.Dispose();
    }

    // The address of the next count bytes, which the read then passes.
    private byte* Take(int count)
    {
        if (count < 0 || count > length - _position)
            throw new EndOfStreamException($"read of {count} bytes past the end of {this}");
        var at = file.Start + offset + _position;
        _position += count;
        return at;
    }
}
