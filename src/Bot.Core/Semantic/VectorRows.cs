using System.IO.MemoryMappedFiles;
using Bot.Core.Common;

namespace Bot.Core.Semantic;

/// <summary>
/// A <see cref="VectorStore"/>'s rows as they were when taken (rows never change once written): each block of rows is an
/// array in the heap or a stretch of the memory-mapped vector file. Mapped rows are read only between
/// <see cref="TryAcquire"/> and <see cref="Release"/>, so that closing the store never unmaps a row being read.
/// </summary>
public sealed class VectorRows
{
    private readonly sbyte[]?[] _blocks;
    private readonly nint[] _mapped;
    private readonly float[] _scales;
    private readonly Mapping _mapping;

    internal VectorRows(sbyte[]?[] blocks, nint[] mapped, float[] scales, int dimensions, Mapping mapping) =>
        (_blocks, _mapped, _scales, Dimensions, _mapping) = (blocks, mapped, scales, dimensions, mapping);

    /// <summary>Rows held.</summary>
    public int Count => _scales.Length;

    /// <summary>Values in a row.</summary>
    public int Dimensions { get; }

    /// <summary>Row <paramref name="row"/>'s 8-bit values (inside <see cref="TryAcquire"/> … <see cref="Release"/>).</summary>
    public ReadOnlySpan<sbyte> this[int row] =>
        Row(_blocks[row >> VectorStore.BlockShift], _mapped[row >> VectorStore.BlockShift], row & (VectorStore.BlockRows - 1), Dimensions);

    /// <summary>The scale that turns row <paramref name="row"/>'s values back into a unit vector.</summary>
    public float Scale(int row) => _scales[row];

    /// <summary>Takes a reference to the mapped rows; false once the store is closed (then no row may be read).</summary>
    public bool TryAcquire() => _mapping.TryAcquire();

    /// <summary>Gives back the reference <see cref="TryAcquire"/> took.</summary>
    public void Release() => _mapping.Release();

    // Row i of a block: from its array, or from its mapping (records of 20 bytes of key and scale, then the values).
    internal static unsafe ReadOnlySpan<sbyte> Row(sbyte[]? heap, nint mapped, int i, int dimensions) =>
        mapped != 0
            ? new ReadOnlySpan<sbyte>((sbyte*)mapped + (long)i * (20 + dimensions), dimensions)
            : heap!.AsSpan(i * dimensions, dimensions);

    // The views of one vector file, counted: the store holds one reference and each reader another while it reads; the
    // views are unmapped when the last is given back.
    internal sealed class Mapping
    {
        private readonly List<(MemoryMappedFile File, MemoryMappedViewAccessor View)> _views = [];
        private readonly ReferenceCount _references = new();
        private int _closed;

        public bool TryAcquire() => _references.TryRetain();

        public void Release()
        {
            if (!_references.Release())
                return;
            lock (_views)
            {
                foreach (var (file, view) in _views)
                {
                    view.SafeMemoryMappedViewHandle.ReleasePointer();
                    view.Dispose();
                    file.Dispose();
                }
                _views.Clear();
            }
        }

        // The store's own reference given back, once.
        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                Release();
        }

        /// <summary>Maps <paramref name="length"/> bytes of <paramref name="file"/> from <paramref name="offset"/>, read-only; their address.</summary>
        public unsafe nint Add(FileStream file, long offset, long length)
        {
            var mapped = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor? view = null;
            try
            {
                view = mapped.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
                byte* at = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref at);
                lock (_views)
                    _views.Add((mapped, view));
                return (nint)(at + view.PointerOffset);
            }
            catch
            {
                view?.Dispose();
                mapped.Dispose();
                throw;
            }
        }
    }
}
