using System.Text;
using System.Text.Json;

namespace Bot.TestSupport;

/// <summary>
/// News-like articles made by the tests, so that no third-party corpus is needed: sentences of the seed page recombined
/// with a fixed seed, mixed with what real news holds and the page lacks (Latin words, figures, dates, full-width forms,
/// quotes, short and long paragraphs).
/// </summary>
public static class SyntheticNews
{
    private static readonly string[] Extras =
    [
        "据新华社报道，", "2023年7月28日，", "iPhone15Pro发布后，", "ＡＢＣ公司表示，", "C919大型客机", "GDP同比增长5.2%，",
        "“十四五”规划", "《人民日报》评论称，", "5G网络覆盖率达到98.6%。", "NASA和ESA宣布", "第19届亚运会", "约1.2万名观众",
        "A股市场", "３月１５日", "上午10:30", "(记者 李明)", "——", "……", "NBA总决赛", "COVID-19疫情",
    ];

    /// <summary>The seed page's sentences, split at 。！？ and line ends.</summary>
    public static IReadOnlyList<string> SeedSentences { get; } = File.ReadAllText(RepoPaths.SeedPage)
        .Split(['\n'], StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(line => SplitSentences(line.Trim()))
        .Where(s => s.Length > 1)
        .ToArray();

    /// <summary><paramref name="count"/> articles, the same for the same <paramref name="seed"/>.</summary>
    public static IReadOnlyList<(string Id, string Title, string Text)> Articles(int count, int seed = 20240101)
    {
        var random = new Random(seed);
        var articles = new List<(string, string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var paragraphs = new List<string>();
            var paragraphCount = random.Next(1, 7);
            for (var p = 0; p < paragraphCount; p++)
            {
                var sb = new StringBuilder();
                var sentences = random.Next(1, 9);
                for (var s = 0; s < sentences; s++)
                {
                    if (random.NextDouble() < 0.3)
                        sb.Append(Extras[random.Next(Extras.Length)]);
                    sb.Append(SeedSentences[random.Next(SeedSentences.Count)]);
                }
                paragraphs.Add(sb.ToString());
            }
            var title = SeedSentences[random.Next(SeedSentences.Count)];
            articles.Add(($"news-{i:D4}", title.Length > 30 ? title[..30] : title, string.Join("\n", paragraphs)));
        }
        return articles;
    }

    /// <summary>The articles as JSONL lines (<c>{"id", "title", "text"}</c>).</summary>
    public static string Jsonl(int count, int seed = 20240101) =>
        string.Concat(Articles(count, seed).Select(a => JsonSerializer.Serialize(new { id = a.Id, title = a.Title, text = a.Text }) + "\n"));

    private static IEnumerable<string> SplitSentences(string line)
    {
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is '。' or '！' or '？')
            {
                yield return line[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < line.Length)
            yield return line[start..];
    }

    /// <summary>Writes <c>news.jsonl</c> into <paramref name="folder"/>: three short dated stories (huawei, metro, panda) that share no words.</summary>
    public static void WriteThreeStories(TempFolder folder) =>
        folder.WriteJsonl("news.jsonl",
            new { id = "huawei", title = "华为青浦研发中心基本建成", date = "2024-01-05", text = "位于青浦区的华为研发中心已基本建成，将于今年投入使用。园区可容纳三万名研发人员。" },
            new { id = "metro", title = "地铁票价调整", date = "2024-01-06", text = "本市地铁票价将从下月起调整。起步价保持三元不变。" },
            new { id = "panda", title = "大熊猫回到动物园", date = "2024-01-08", text = "两只大熊猫昨天回到上海动物园。游客可以在熊猫馆看到它们。" });
}
