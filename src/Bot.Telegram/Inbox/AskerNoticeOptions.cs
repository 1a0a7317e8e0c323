namespace Bot.Telegram.Inbox;

/// <summary>Whether askers are told when a question they asked becomes answerable. Read from section <c>Feedback</c>.</summary>
public sealed class AskerNoticeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feedback";

    /// <summary>
    /// Tell the chats that asked a declined question when a curated answer or a knowledge reload answers it (once a chat
    /// and question). Only questions kept under <c>Telegram:KeepQuestions</c> can be asked again.
    /// </summary>
    public bool NotifyAskers { get; set; } = true;
}
