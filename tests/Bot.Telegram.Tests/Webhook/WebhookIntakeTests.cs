using System.Text;
using Bot.Core.State;
using Bot.Telegram.Webhook;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bot.Telegram.Tests.Webhook;

public sealed class WebhookIntakeTests
{
    private const string Secret = "s3cret_token-1";
    private readonly Mock<IUpdateQueue> _queue = new();
    private readonly WebhookIntake _intake;

    public WebhookIntakeTests()
    {
        _queue.Setup(q => q.AcceptAsync(It.IsAny<QueuedUpdate>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _intake = new WebhookIntake(_queue.Object, Options.Create(new TelegramOptions { WebhookSecret = Secret, MaxUpdateBytes = 4096 }), NullLogger<WebhookIntake>.Instance);
    }

    private static MemoryStream Body(string json) => new(Encoding.UTF8.GetBytes(json));

    private const string Message = """{"update_id":41,"message":{"message_id":7,"date":1704067200,"chat":{"id":-1001,"type":"group","title":"G"},"from":{"id":5,"is_bot":false,"first_name":"U"},"text":"hi"}}""";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3cret_token-2")]
    [InlineData("s3cret_token-1 ")]
    public async Task Accept_WithoutTheSecret_Is401_AndNothingIsQueued(string? secret)
    {
        Assert.Equal(401, await _intake.AcceptAsync(secret, Body(Message), default));
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Accept_AnUpdate_QueuesItUnderItsIdAndChat()
    {
        Assert.Equal(200, await _intake.AcceptAsync(Secret, Body(Message), default));

        _queue.Verify(q => q.AcceptAsync(It.Is<QueuedUpdate>(u => u.UpdateId == 41 && u.ChatId == -1001 && u.Json == Message), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Accept_InOneProcess_BeforeTheBotKnowsWhoItIs_Is503_SoTelegramDeliversItAgain()
    {
        // Handler and client are never reached: the update is refused before it is remembered or dispatched.
        var queue = new InProcessUpdateQueue(null!, null!, new BotIdentity(), NullLogger<InProcessUpdateQueue>.Instance);
        var intake = new WebhookIntake(queue, Options.Create(new TelegramOptions { WebhookSecret = Secret, MaxUpdateBytes = 4096 }), NullLogger<WebhookIntake>.Instance);

        Assert.Equal(503, await intake.AcceptAsync(Secret, Body(Message), default));
        Assert.Equal(503, await intake.AcceptAsync(Secret, Body(Message), default));
    }

    [Fact]
    public async Task Accept_ARedelivery_IsStill200()
    {
        _queue.Setup(q => q.AcceptAsync(It.IsAny<QueuedUpdate>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        Assert.Equal(200, await _intake.AcceptAsync(Secret, Body(Message), default));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"message":{}}""")]
    [InlineData("""{"update_id":"x"}""")]
    [InlineData("[1,2]")]
    public async Task Accept_NotAnUpdate_Is400(string body)
    {
        Assert.Equal(400, await _intake.AcceptAsync(Secret, Body(body), default));
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Accept_TooLarge_Is413()
    {
        var huge = """{"update_id":1,"message":{"text":"X"}}""".Replace("X", new string('x', 5000), StringComparison.Ordinal);

        Assert.Equal(413, await _intake.AcceptAsync(Secret, Body(huge), default));
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Accept_WhenTheQueueCannotTakeIt_Is503_SoTelegramDeliversItAgain()
    {
        _queue.Setup(q => q.AcceptAsync(It.IsAny<QueuedUpdate>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("redis"));

        Assert.Equal(503, await _intake.AcceptAsync(Secret, Body(Message), default));
    }

    [Fact]
    public async Task Accept_AfterClose_Is503()
    {
        _intake.Close();

        Assert.Equal(503, await _intake.AcceptAsync(Secret, Body(Message), default));
        _queue.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("""{"update_id":1,"callback_query":{"id":"c","from":{"id":9},"message":{"chat":{"id":77}}}}""", 77)]
    [InlineData("""{"update_id":1,"inline_query":{"id":"i","from":{"id":9},"query":"q"}}""", 9)]
    [InlineData("""{"update_id":1,"edited_message":{"chat":{"id":-5}}}""", -5)]
    [InlineData("""{"update_id":1,"message":{"chat":7}}""", 0)]
    [InlineData("""{"update_id":1,"message":[1]}""", 0)]
    public void Parse_TheChatWhoseOrderCounts(string json, long chat)
    {
        Assert.Equal(chat, WebhookIntake.Parse(Encoding.UTF8.GetBytes(json))!.ChatId);
    }
}
