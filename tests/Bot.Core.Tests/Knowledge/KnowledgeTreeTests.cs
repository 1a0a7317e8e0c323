using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Knowledge;

public sealed class KnowledgeTreeTests
{
    private static KnowledgeLoadResult Load(string path, Dictionary<string, string?>? settings = null)
    {
        using var services = CoreFactory.Services(path, settings);
        return services.GetRequiredService<KnowledgeLoader>().Load(path);
    }

    [Fact]
    public void Load_LinksLoopsAndDevices_EachFileOnceNothingHangs()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "loop"), ".");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "sub", "again.txt"), Path.Combine(folder.Path, "page.txt"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "zero.txt"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "random.txt"), "/dev/urandom");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "nowhere.txt"), Path.Combine(folder.Path, "missing.txt"));

        var result = Load(folder.Path);

        Assert.Equal(3, result.Articles.Count);
        Assert.Equal(["page.txt"], result.Files);
        Assert.Contains(result.Skipped, s => s.Path == "zero.txt" && s.Reason.Contains("outside the knowledge folder"));
        Assert.Contains(result.Skipped, s => s.Path == "random.txt" && s.Reason.Contains("outside the knowledge folder"));
        Assert.Contains(result.Skipped, s => s.Path == "nowhere.txt" && s.Reason.Contains("link to nothing"));
    }

    [Fact]
    public void Load_LinksFollowedOutside_DevicesAreSkippedAndTheSizeIsTheTargets()
    {
        using var folder = new TempFolder();
        using var outside = new TempFolder();
        var big = outside.Write("big.jsonl", SyntheticNews.Jsonl(200));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "big.jsonl"), big);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "zero.txt"), "/dev/zero");

        var result = Load(folder.Path, new Dictionary<string, string?> { ["Knowledge:FollowLinksOutside"] = "true", ["Knowledge:MaxFileBytes"] = "20000" });

        Assert.Empty(result.Articles);
        Assert.Contains(result.Skipped, s => s.Path == "big.jsonl" && s.Reason.Contains("too large"));
        Assert.Contains(result.Skipped, s => s.Path == "zero.txt" && s.Reason.Contains("not a regular file"));
    }
}
