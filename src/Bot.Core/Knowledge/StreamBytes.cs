namespace Bot.Core.Knowledge;

internal static class StreamBytes
{
    public static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
