using System.Text;
using Bot.TestSupport;
using Bot.Core.State;
using Bot.Telegram.Webhook;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace Bot.Telegram.Tests.Webhook;

public sealed class WebhookIntakeBodyTests
{
    private const string Secret = "s3cret_token-1";

    [Theory]
    [InlineData("""{"update_id": 1, "update_id": 2, "message": {"chat": {"id": 5}}}""")]
    [InlineData("""{"update_id": 1, "message": {"chat": {"id": 5}, "chat": {"id": 6}}}""")]
    [InlineData("""{"update_id": 1, "callback_query": {"from": {"id": 9, "id": 10}}}""")]
    [InlineData("""{"update_id": 1e999}""")]
    [InlineData("""{"update_id": 1, "message": {"chat": {"id": 5}}""")]
    public async Task Accept_ABodyTheReaderCannotTake_Is400_LoggedOnce_AndNothingIsQueued(string body)
    {
        var queue = new Mock<IUpdateQueue>();
        using var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var intake = new WebhookIntake(queue.Object, Options.Create(new TelegramOptions { WebhookSecret = Secret, MaxUpdateBytes = 4096 }),
            factory.CreateLogger<WebhookIntake>());

        var status = await intake.AcceptAsync(Secret, new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        Assert.Equal(400, status);
        queue.VerifyNoOtherCalls();
        var line = Assert.Single(logs.Lines);
        Assert.StartsWith("Warning", line, StringComparison.Ordinal);
        Assert.Contains("answered 400", line, StringComparison.Ordinal);
    }
}
