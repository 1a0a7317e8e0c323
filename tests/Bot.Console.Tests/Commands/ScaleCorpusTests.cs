using System.Text.Json;
using Bot.Console.Commands;

namespace Bot.Console.Tests.Commands;

public sealed class ScaleCorpusTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("scale-corpus-");

    [Fact]
    public async Task Write_SameSeed_GivesTheSameArticles_AnotherSeedOthers()
    {
        var corpus = await ScaleCorpus.ReadAsync(await SourceAsync(), CancellationToken.None);

        var a = await WriteAsync(corpus, "a.jsonl", 50, seed: 7);
        var b = await WriteAsync(corpus, "b.jsonl", 50, seed: 7);
        var c = await WriteAsync(corpus, "c.jsonl", 50, seed: 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(50, a.Length);
    }

    [Fact]
    public async Task Write_MakesNewArticles_FromTheSourcesSentences()
    {
        var corpus = await ScaleCorpus.ReadAsync(await SourceAsync(), CancellationToken.None);

        var lines = await WriteAsync(corpus, "a.jsonl", 40, seed: 1, firstNumber: 100);

        var articles = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(40, articles.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal("scale-1-0000100", articles[0].GetProperty("id").GetString());
        Assert.All(articles, a =>
        {
            var text = a.GetProperty("text").GetString()!;
            Assert.StartsWith("第", text);
            Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("title").GetString()));
            var date = DateTime.Parse(a.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(date.Year, 2004, 2023);
        });
        // Recombined: some article holds sentences of two source articles.
        Assert.Contains(articles, a => a.GetProperty("text").GetString()!.Split('。').Select(s => s.Split('篇')[0]).Distinct().Count() > 2);
        Assert.True(articles.Select(a => a.GetProperty("date").GetString()).Distinct().Count() > 30);
    }

    private async Task<string[]> WriteAsync(ScaleCorpus corpus, string name, int count, int seed, int firstNumber = 0)
    {
        var path = Path.Combine(_folder.FullName, name);
        await corpus.WriteAsync(path, count, seed, firstNumber);
        return await File.ReadAllLinesAsync(path);
    }

    // Twenty small source articles, each of six sentences that name their article ("第3篇…").
    private async Task<string> SourceAsync()
    {
        var path = Path.Combine(_folder.FullName, "source.jsonl");
        var lines = Enumerable.Range(1, 20).Select(n => JsonSerializer.Serialize(new
        {
            id = $"src{n}",
            text = string.Concat(Enumerable.Range(1, 6).Select(s => $"第{n}篇文章的第{s}句话讲述了一件发生在城市里的新闻事件，记者对此进行了详细的报道和深入的采访，相关部门也作出了回应和说明，市民们纷纷表示关注和支持这一做法并提出了许多建议。")),
        }));
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
