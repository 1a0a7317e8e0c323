using System.Buffers.Binary;
using Bot.Core.Ocr;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bot.TestSupport.PictureArticles;

namespace Bot.Telegram.Tests;

public sealed class PictureMessagesTests
{
    private const long Admin = 77;
    private const long Someone = 1001;

    private static byte[] Page(string name) => File.ReadAllBytes(Path.Combine(Tesseract.Fixtures, name));

    // The seed page and the canteen reports (the photo's article, and a later one), with Admin as the admin.
    private static async Task<(TelegramHost Bot, TempFolder Knowledge)> StartAsync(IOcrEngine? engine = null, params (string Key, string Value)[] settings)
    {
        var knowledge = new TempFolder();
        File.Copy(Path.Combine(RepoPaths.SeedKnowledge, "xinmin-2024-01-page.txt"), Path.Combine(knowledge.Path, "xinmin-2024-01-page.txt"));
        File.WriteAllText(Path.Combine(knowledge.Path, "binjiang-2024-03-01.txt"), string.Join("\n", Canteens) + "\n");
        File.WriteAllText(Path.Combine(knowledge.Path, "binjiang-2024-06-15.txt"), string.Join("\n", CanteensLater) + "\n");
        var values = new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() };
        foreach (var (key, value) in settings)
            values[key] = value;
        var bot = await TelegramHost.StartAsync(knowledge.Path, values, services: engine is null ? null : s => s.AddSingleton(engine));
        return (bot, knowledge);
    }

    private static async Task<string> ReplyToAsync(TelegramHost bot, long chat, int count = 1) =>
        (await bot.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == chat) >= count))
            .Where(x => x.Method == "sendMessage" && x.ChatId == chat).ElementAt(count - 1).Text;

    // The last text of the answer to a question: its streamed message edited in place, or the message itself.
    private static async Task<string> AnswerToAsync(TelegramHost bot, long chat, int count)
    {
        await ReplyToAsync(bot, chat, count);
        var calls = await bot.Api.WaitForCallsAsync("editMessageReplyMarkup", 1);
        return string.Join("\n", bot.Api.Calls.Where(c => c.Method is "sendMessage" or "editMessageText" && c.ChatId == chat).Skip(count - 1).Select(c => c.Text));
    }

    [TesseractFact]
    public async Task AdminsPhoto_IsReadThroughOcr_AddedToTheKnowledge_AndAnswered()
    {
        var (bot, knowledge) = await StartAsync();
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Admin, Page("page-two-columns.jpg"));
        var reply = await ReplyToAsync(bot, Admin);
        bot.Api.EnqueueText(Admin, "老城区雨水管网改造工程总投资多少？");
        var answer = await ReplyToAsync(bot, Admin, 2);

        Assert.StartsWith("已添加 photo.jpg，读到 1 篇文章", reply);
        Assert.Contains("老城区雨水管网改造启动", reply);
        Assert.Contains("(OCR", reply);
        Assert.True(File.Exists(Path.Combine(knowledge.Path, "photo.jpg")));
        Assert.Contains("5.8亿元", answer);
    }

    [TesseractFact]
    public async Task PhotoWithACaptionQuestion_NamesTheArticleItShows_AndAnswersFromLaterReports()
    {
        var (bot, knowledge) = await StartAsync();
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png"), caption: "这篇报道后来怎么样了？");
        var shows = await ReplyToAsync(bot, Someone);
        var answer = await AnswerToAsync(bot, Someone, 2);

        Assert.StartsWith("这张图片是知识库里的《滨江区新建三座社区食堂 首批服务老人2.3万名》 2024-03-01。\n之后关于此事的报道：\n• 《滨江区社区食堂开放三个月》 2024-06-15：", shows);
        Assert.Contains("21万人次", shows);
        Assert.Contains("社区食堂", answer);
        Assert.Equal(3, Directory.GetFiles(knowledge.Path).Length);
    }

    [Fact]
    public async Task PhotoQuestion_IsMatchedByItsText_AndAnsweredWithTheArticleAsContext()
    {
        var engine = new ScriptedOcr(_ => Lines(Canteens));
        var (bot, knowledge) = await StartAsync(engine);
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png"), caption: "这篇报道后来怎么样了？");
        var shows = await ReplyToAsync(bot, Someone);
        var answer = await AnswerToAsync(bot, Someone, 2);

        Assert.StartsWith("这张图片是知识库里的《滨江区新建三座社区食堂", shows);
        Assert.Contains("21万人次", shows);
        Assert.Contains("2.3万名老人", answer);
        Assert.Equal(1, engine.Calls);
    }

    [Fact]
    public async Task PhotoOfAnArticleNotInTheKnowledge_SaysSo_InTheCaptionsLanguage()
    {
        var (bot, knowledge) = await StartAsync(new ScriptedOcr(_ => Lines(Drains)));
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, Page("page-two-columns.jpg"), caption: "这篇报道后来怎么样了？");
        var chinese = await ReplyToAsync(bot, Someone);
        bot.Api.EnqueuePhoto(Someone, Page("page-two-columns.jpg"), caption: "What happened next?");
        var english = await ReplyToAsync(bot, Someone, 2);

        Assert.Equal("这张图片里的报道不在知识库中。", chinese);
        Assert.Equal("The article in this picture is not in the knowledge.", english);
    }

    [Fact]
    public async Task PhotoWithoutACaption_FromSomeone_IsToldHowToAsk_AndNotAdded()
    {
        var engine = new ScriptedOcr(_ => Lines(Canteens));
        var (bot, knowledge) = await StartAsync(engine);
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png"));
        var reply = await ReplyToAsync(bot, Someone);

        Assert.StartsWith("发图片时把问题写在图片说明里", reply);
        Assert.Equal(0, engine.Calls);
        Assert.Equal(3, Directory.GetFiles(knowledge.Path).Length);
    }

    [Fact]
    public async Task BrokenHugeOrTimedOutPictures_AreRefusedClearly_AndTheBotGoesOn()
    {
        var engine = new ScriptedOcr(_ => throw new OcrException("OCR took longer than 120 s (Ocr:TimeoutSeconds); the process was killed"));
        var (bot, knowledge) = await StartAsync(engine);
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, [], caption: "这是什么？");
        bot.Api.EnqueuePhoto(Someone, PngDeclaring(100_000, 100_000), caption: "这是什么？");
        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png")[..2000], caption: "这是什么？");
        bot.Api.EnqueuePhoto(Someone, [1, 2, 3], caption: "这是什么？", declaredSize: 30L * 1024 * 1024);
        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png"), caption: "这是什么？");
        bot.Api.EnqueueText(Someone, "华为青浦研发中心建得怎么样了？");

        var empty = await ReplyToAsync(bot, Someone, 1);
        var bomb = await ReplyToAsync(bot, Someone, 2);
        var truncated = await ReplyToAsync(bot, Someone, 3);
        var huge = await ReplyToAsync(bot, Someone, 4);
        var timedOut = await ReplyToAsync(bot, Someone, 5);
        var answer = await ReplyToAsync(bot, Someone, 6);

        Assert.Equal("没有读出这张图片：empty picture。", empty);
        Assert.Contains("Ocr:MaxPixels", bomb);
        Assert.StartsWith("没有读出这张图片：truncated PNG", truncated);
        Assert.StartsWith("文件太大了", huge);
        Assert.Contains("Ocr:TimeoutSeconds", timedOut);
        Assert.Equal(1, engine.Calls);
        Assert.Contains("基本建成", answer);
    }

    [Fact]
    public async Task WithoutTesseract_PicturesAreRefusedClearly_AndTheBotGoesOn()
    {
        var (bot, knowledge) = await StartAsync(null, ("Ocr:Command", "/nonexistent/tesseract"));
        await using var _ = bot;
        using var __ = knowledge;

        bot.Api.EnqueuePhoto(Someone, Page("page-one-column.png"), caption: "这篇报道后来怎么样了？");
        var question = await ReplyToAsync(bot, Someone);
        bot.Api.EnqueuePhoto(Admin, Page("page-one-column.png"));
        var upload = await ReplyToAsync(bot, Admin);
        bot.Api.EnqueueText(Someone, "华为青浦研发中心建得怎么样了？");
        var answer = await ReplyToAsync(bot, Someone, 2);

        Assert.Equal("现在读不了图片：这里没有安装文字识别（OCR）。请把报道的文字发给我。", question);
        Assert.StartsWith("没有添加 photo.jpg", upload);
        Assert.Contains("tesseract-ocr", upload);
        Assert.Contains("基本建成", answer);
        Assert.Equal(3, Directory.GetFiles(knowledge.Path).Length);
    }

    private static OcrPage Lines(IEnumerable<string> lines) => new(lines.Select(l => new OcrLine(l, 91, 12)).ToList());

    // A valid PNG (signature, IHDR, IEND) whose header declares width × height pixels: what a decompression bomb gives away.
    private static byte[] PngDeclaring(uint width, uint height)
    {
        var png = new byte[8 + 25 + 12];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8;
        "IEND"u8.CopyTo(png.AsSpan(png.Length - 8));
        return png;
    }

    // An OCR engine that answers each picture by a script, counting the pictures it was given.
    private sealed class ScriptedOcr(Func<ReadOnlyMemory<byte>, OcrPage> read) : IOcrEngine
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string?> MissingAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(read(image));
        }
    }
}
