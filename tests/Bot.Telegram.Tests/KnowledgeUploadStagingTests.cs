using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Tests;

public sealed class KnowledgeUploadStagingTests
{
    [Theory]
    [InlineData("/var/lib/newsbot/index", "/var/lib/newsbot/index/uploads")]
    [InlineData("/var/lib/newsbot/index-8081/", "/var/lib/newsbot/index-8081/uploads")]
    public void StagingFolder_WithAnIndexFolder_IsItsUploadsFolder(string indexPath, string staging)
    {
        Assert.Equal(staging, KnowledgeUpload.StagingFolder(new KnowledgeOptions { IndexPath = indexPath }));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("MEMORY")]
    [InlineData("")]
    [InlineData(null)]
    public void StagingFolder_WithTheIndexInMemory_IsTheTemporaryFolder(string? indexPath)
    {
        Assert.Equal(Path.GetTempPath(), KnowledgeUpload.StagingFolder(new KnowledgeOptions { IndexPath = indexPath }));
    }

    // Under systemd's ProtectSystem=strict only the state folder (which holds the index) is writable, not /tmp.
    [Fact]
    public async Task Upload_WithAnIndexFolder_IsStagedThere_AndLeavesNothingBehind()
    {
        using var knowledge = new TempFolder();
        using var index = new TempFolder();
        knowledge.Write("seed.txt", "上海的新闻\n今天上海下了雨。\n");
        var reader = new PathRecordingReader(new PlainTextReader());
        await using var services = CoreFactory.Services(knowledge.Path, new Dictionary<string, string?> { ["Knowledge:IndexPath"] = index.Path }, configure: s =>
        {
            s.RemoveAll<IKnowledgeReader>();
            s.AddSingleton<IKnowledgeReader>(reader);
        });
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        var upload = new KnowledgeUpload(store, services.GetRequiredService<KnowledgeLoader>(), services.GetRequiredService<IOptions<KnowledgeOptions>>(),
            TextCatalog.Default, NullLogger<KnowledgeUpload>.Instance);
        await using var api = await FakeBotApiServer.StartAsync();
        var bot = new TelegramBotClient(new TelegramBotClientOptions("123456:TEST-token", api.BaseUrl));
        var content = Encoding.UTF8.GetBytes("大桥的新闻\n新桥今天通车了。\n");
        var id = api.EnqueueDocument(77, "bridge.txt", content);

        var reply = await upload.AddAsync(bot, new Document { FileId = $"doc-{id}", FileUniqueId = $"udoc-{id}", FileName = "bridge.txt", FileSize = content.Length }, "zh", default);

        Assert.StartsWith("已添加 bridge.txt", reply, StringComparison.Ordinal);
        var staged = Assert.Single(reader.Paths, p => p.EndsWith("/bridge.txt", StringComparison.Ordinal) && !p.StartsWith(knowledge.Path, StringComparison.Ordinal));
        Assert.StartsWith(Path.Combine(index.Path, "uploads") + "/", staged, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(index.Path, "uploads")));
        Assert.Contains("bridge.txt", store.Current.Files);
    }

    private sealed class PathRecordingReader(IKnowledgeReader inner) : IKnowledgeReader
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

        public IReadOnlyList<string> Paths => _paths.ToList();

        public bool CanRead(string path) => inner.CanRead(path);

        public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
        {
            if (stream is FileStream file)
                _paths.Enqueue(file.Name);
            return inner.Read(stream, sourcePath, warn, cancellationToken);
        }
    }
}
