namespace Bot.Core.Answering;

/// <summary>
/// Characters written two ways for one word (异体字): a name asked with one form ("炮台") is written with the other in
/// some articles ("砲台"), older texts and Hong Kong or Taiwan reports most of all. The name check looks for every form
/// before it declines, so that a name the knowledge does write is not reported missing. A small table of common pairs, not
/// a conversion between simplified and traditional Chinese.
/// </summary>
public static class VariantCharacters
{
    private static readonly Dictionary<char, char> Pairs = Build("炮砲", "峰峯", "群羣", "够夠", "略畧", "却卻", "床牀", "杯盃", "册冊", "吃喫", "线綫", "庵菴", "岳嶽", "秘祕", "污汙", "凄淒");

    /// <summary>The other ways <paramref name="text"/> is written, one variant character changed at a time (none when it has none).</summary>
    public static IEnumerable<string> Others(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Pairs.TryGetValue(text[i], out var other))
                yield return string.Concat(text.AsSpan(0, i), other.ToString(), text.AsSpan(i + 1));
        }
    }

    private static Dictionary<char, char> Build(params string[] pairs)
    {
        var map = new Dictionary<char, char>();
        foreach (var p in pairs)
        {
            map[p[0]] = p[1];
            map[p[1]] = p[0];
        }
        return map;
    }
}
