using System.Text;
using Bot.TestSupport;

namespace Bot.Telegram.Tests;

public sealed class KnowledgeUploadTests
{
    private const long Admin = 77;
    private const long Someone = 1001;

    // A knowledge folder of its own (the bot writes into it) holding the seed page, with Admin as the admin.
    private static async Task<(TelegramHost Bot, TempFolder Knowledge)> StartAsync(params (string Key, string Value)[] settings)
    {
        var knowledge = new TempFolder();
        File.Copy(Path.Combine(RepoPaths.SeedKnowledge, "xinmin-2024-01-page.txt"), Path.Combine(knowledge.Path, "xinmin-2024-01-page.txt"));
        var values = new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() };
        foreach (var (key, value) in settings)
            values[key] = value;
        return (await TelegramHost.StartAsync(knowledge.Path, values), knowledge);
    }

    private static async Task<string> ReplyToAsync(TelegramHost bot, long chat, int count = 1) =>
        (await bot.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == chat) >= count))
            .Where(x => x.Method == "sendMessage" && x.ChatId == chat).ElementAt(count - 1).Text;

    [Fact]
    public async Task AdminsDocument_IsSavedUnderASafeName_IndexedAndAnswered()
    {
        var (bot, knowledge) = await StartAsync();
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueueDocument(Admin, "../../今日 新闻?.txt", Encoding.UTF8.GetBytes("大熊猫回到上海动物园\n两只大熊猫昨天回到上海动物园，游客可以在熊猫馆看到它们。\n"));
        var reply = await ReplyToAsync(bot, Admin);
        bot.Api.EnqueueText(Admin, "大熊猫回到哪里了？");
        var answer = await ReplyToAsync(bot, Admin, 2);

        Assert.StartsWith("已添加 今日新闻.txt，读到 1 篇文章", reply);
        Assert.Contains("大熊猫回到上海动物园", reply);
        Assert.True(File.Exists(Path.Combine(knowledge.Path, "今日新闻.txt")));
        Assert.Contains("上海动物园", answer);
    }

    [Fact]
    public async Task BadDocuments_AreRefusedClearly_AndNothingLoadedIsLost()
    {
        var (bot, knowledge) = await StartAsync();
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueueDocument(Admin, "data.bin", [0, 1, 2, 3]);
        bot.Api.EnqueueDocument(Admin, "binary.txt", Enumerable.Range(0, 4096).Select(i => (byte)(i % 7 == 0 ? 0 : i)).ToArray());
        bot.Api.EnqueueDocument(Admin, "huge.pdf", [1, 2, 3], declaredSize: 30L * 1024 * 1024);
        bot.Api.EnqueueDocument(Someone, "news.txt", Encoding.UTF8.GetBytes("标题\n正文。\n"));
        bot.Api.EnqueueText(Admin, "华为青浦研发中心建得怎么样了？");

        var type = await ReplyToAsync(bot, Admin, 1);
        var binary = await ReplyToAsync(bot, Admin, 2);
        var huge = await ReplyToAsync(bot, Admin, 3);
        var answer = await ReplyToAsync(bot, Admin, 4);
        var someone = await ReplyToAsync(bot, Someone);

        Assert.StartsWith("只接受这些类型的文件", type);
        Assert.StartsWith("没有添加 binary.txt", binary);
        Assert.StartsWith("文件太大了", huge);
        Assert.Equal("只有管理员可以发送文件来添加知识。", someone);
        Assert.Contains("基本建成", answer);
        Assert.Equal(["xinmin-2024-01-page.txt"], Directory.GetFiles(knowledge.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ZipBomb_IsRefusedAtTheBound()
    {
        var (bot, knowledge) = await StartAsync(("Knowledge:MaxFileBytes", "200000"));
        await using var _ = bot;
        using var __ = knowledge;
        using var memory = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(memory, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                new DocumentFormat.OpenXml.Wordprocessing.Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(new string('崇', 1_000_000))))));
        }
        Assert.True(memory.Length < 200_000, "the bomb is small on the wire");

        bot.Api.EnqueueDocument(Admin, "bomb.docx", memory.ToArray());
        var reply = await ReplyToAsync(bot, Admin);

        Assert.StartsWith("没有添加 bomb.docx", reply);
        Assert.Contains("decompresses to more than", reply);
        Assert.Equal(["xinmin-2024-01-page.txt"], Directory.GetFiles(knowledge.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DocumentLargerThanItSaid_IsStoppedAtTheBound()
    {
        var (bot, knowledge) = await StartAsync(("Knowledge:MaxFileBytes", "200000"));
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueueDocument(Admin, "news.txt", Encoding.UTF8.GetBytes("标题\n" + new string('字', 100_000) + "。\n"), declaredSize: 1000);
        var reply = await ReplyToAsync(bot, Admin);

        Assert.StartsWith("文件太大了", reply);
        Assert.Equal(["xinmin-2024-01-page.txt"], Directory.GetFiles(knowledge.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Forget_RemovesAFileOfTheKnowledge_ButNoPathOutsideIt()
    {
        var (bot, knowledge) = await StartAsync();
        await using var _ = bot;
        using var __ = knowledge;
        File.WriteAllText(Path.Combine(knowledge.Path, "extra.txt"), "东京天气\n东京今天晴。\n");

        bot.Api.EnqueueText(Admin, "/forget ../xinmin-2024-01-page.txt");
        bot.Api.EnqueueText(Admin, "/forget extra.txt");
        bot.Api.EnqueueText(Someone, "/forget xinmin-2024-01-page.txt");

        var outside = await ReplyToAsync(bot, Admin, 1);
        var removed = await ReplyToAsync(bot, Admin, 2);
        var refused = await ReplyToAsync(bot, Someone);

        Assert.StartsWith("用法：/forget", outside);
        Assert.StartsWith("已删除 extra.txt，现在有 3 篇文章", removed);
        Assert.Equal("这个命令只对管理员开放。", refused);
        Assert.True(File.Exists(Path.Combine(knowledge.Path, "xinmin-2024-01-page.txt")));
        Assert.False(File.Exists(Path.Combine(knowledge.Path, "extra.txt")));
    }
}
