namespace Bot.Core.Knowledge;

internal static class StreamBytes
{
    /// <summary>The whole of <paramref name="stream"/>, or a <see cref="KnowledgeFormatException"/> past <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAll(Stream stream, long maxBytes)
    {
        using var memory = new MemoryStream();
        new BoundedStream(stream, maxBytes, "it reads out").CopyTo(memory);
        return memory.ToArray();
    }
}
