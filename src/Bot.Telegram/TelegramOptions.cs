using System.ComponentModel.DataAnnotations;

namespace Bot.Telegram;

/// <summary>The Telegram front end. Section <c>Telegram</c>; the token usually comes from <c>Telegram__BotToken</c> or user secrets.</summary>
public sealed class TelegramOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telegram";

    /// <summary>The token from BotFather. Never logged.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Telegram:BotToken is required (set the environment variable Telegram__BotToken or a user secret).")]
    [RegularExpression(@"^\d+:[A-Za-z0-9_-]+$", ErrorMessage = "Telegram:BotToken does not look like a bot token (digits, a colon, then letters); check the value BotFather gave you.")]
    public string BotToken { get; set; } = "";

    /// <summary>The Bot API server; set it to use a local telegram-bot-api or a test fake.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Telegram:ApiBaseUrl must be a URL.")]
    [Url(ErrorMessage = "Telegram:ApiBaseUrl must be an absolute http(s) URL.")]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Chats the bot answers in; empty means every chat.</summary>
    public long[] AllowedChatIds { get; set; } = [];

    /// <summary>Users who may use admin commands (<c>/stats</c>).</summary>
    public long[] AdminUserIds { get; set; } = [];

    /// <summary>Questions one user may ask per minute.</summary>
    [Range(1, 1000, ErrorMessage = "Telegram:MaxQuestionsPerMinute must be between 1 and 1000.")]
    public int MaxQuestionsPerMinute { get; set; } = 10;

    /// <summary>Seconds a reply (or any Bot API call) is retried through 429s and outages before it is given up.</summary>
    [Range(5, 3600, ErrorMessage = "Telegram:SendRetrySeconds must be between 5 and 3600.")]
    public int SendRetrySeconds { get; set; } = 120;

    /// <summary>
    /// Messages this process sends a second over all chats (Telegram allows about 30 a bot; with several replicas, divide).
    /// Each chat also gets about one a second, and a group 20 a minute.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Telegram:MaxSendsPerSecond must be between 1 and 1000.")]
    public int MaxSendsPerSecond { get; set; } = 30;

    /// <summary>Seconds a long poll waits for updates (at least 5); also the HTTP timeout of each Bot API call.</summary>
    [Range(0, 90, ErrorMessage = "Telegram:PollTimeoutSeconds must be between 0 and 90.")]
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Keep the text of questions and answers with their ratings (for <c>bot feedback</c> and its export). Off by
    /// default: only the chat, the time, the sources and the rating are kept.
    /// </summary>
    public bool KeepQuestions { get; set; }

    /// <summary>
    /// Milliseconds a plain question waits for more messages from the same user in the chat: the parts of a question
    /// split over several messages, each sent within this of the one before, are answered once, as one question. 0 (the
    /// default) answers each message at once; 2000 joins what a user sends within 2 s.
    /// </summary>
    [Range(0, 10_000, ErrorMessage = "Telegram:JoinMilliseconds must be between 0 and 10000.")]
    public int JoinMilliseconds { get; set; }

    /// <summary>
    /// How updates arrive: <c>polling</c> (default: one process long-polls the Bot API) or <c>webhook</c> (Telegram posts
    /// them to <see cref="WebhookUrl"/>; several replicas may serve it behind a load balancer, with <c>State:Redis</c>).
    /// </summary>
    [RegularExpression("^(?i)(polling|webhook)$", ErrorMessage = "Telegram:Mode must be polling or webhook.")]
    public string Mode { get; set; } = "polling";

    /// <summary>The public HTTPS URL registered with <c>setWebhook</c>; the host serves updates at its path.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Sent to Telegram as <c>secret_token</c>; an update without it in <c>X-Telegram-Bot-Api-Secret-Token</c> is refused. Never logged.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Bytes a webhook update may have; Telegram's are a few KB.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Telegram:MaxUpdateBytes must be between 1024 and 16777216.")]
    public int MaxUpdateBytes { get; set; } = 1024 * 1024;

    /// <summary>True in webhook mode.</summary>
    public bool IsWebhook => string.Equals(Mode, "webhook", StringComparison.OrdinalIgnoreCase);
}
