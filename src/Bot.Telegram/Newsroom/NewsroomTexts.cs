using System.Globalization;
using Bot.Core.Answering;

namespace Bot.Telegram.Newsroom;

/// <summary>What the subscription, push and digest messages say, in Chinese and English (the user's language, else Chinese).</summary>
public static class NewsroomTexts
{
    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new()
    {
        ["zh"] = new()
        {
            ["groupAdminsOnly"] = "在群组里，只有管理员可以设置订阅和摘要。",
            ["subscribeUsage"] = "用法：/subscribe 关键词（例如 /subscribe 华为）",
            ["subscribeNothing"] = "“{0}”里没有可以匹配的词。",
            ["subscribed"] = "已订阅“{0}”：有新文章含有这些词时会推送到这里。",
            ["alreadySubscribed"] = "这里已经订阅了“{0}”。",
            ["tooMany"] = "每个聊天最多 {0} 个订阅。请先用 /unsubscribe 取消一个。",
            ["unsubscribeUsage"] = "用法：/unsubscribe 关键词",
            ["unsubscribed"] = "已取消订阅“{0}”。",
            ["notSubscribed"] = "这里没有订阅“{0}”。",
            ["noSubscriptions"] = "这里还没有订阅。用 /subscribe 关键词 订阅。",
            ["subscriptions"] = "这里的订阅：",
            ["digestUsage"] = "用法：/digest 08:00（每天这个时间发送新文章摘要）或 /digest off",
            ["digestSet"] = "每天 {0}（{1}）发送新文章摘要。",
            ["digestOff"] = "每日摘要已关闭。",
            ["digestNone"] = "这里没有每日摘要。",
            ["pushHeader"] = "新文章（订阅：{0}）",
            ["pushList"] = "{0} 篇新文章（订阅：{1}）：",
            ["more"] = "更多：{0} 篇",
            ["digestHeader"] = "今日摘要：{0} 篇新文章",
            ["source"] = "来源",
            ["failed"] = "订阅数据暂时无法读写，请稍后再试。",
        },
        ["en"] = new()
        {
            ["groupAdminsOnly"] = "In a group, only admins can set subscriptions and digests.",
            ["subscribeUsage"] = "Usage: /subscribe words (e.g. /subscribe 华为)",
            ["subscribeNothing"] = "\"{0}\" has no words to match.",
            ["subscribed"] = "Subscribed to \"{0}\": new articles with these words are pushed here.",
            ["alreadySubscribed"] = "This chat follows \"{0}\" already.",
            ["tooMany"] = "A chat has at most {0} subscriptions. Remove one with /unsubscribe first.",
            ["unsubscribeUsage"] = "Usage: /unsubscribe words",
            ["unsubscribed"] = "Unsubscribed from \"{0}\".",
            ["notSubscribed"] = "This chat does not follow \"{0}\".",
            ["noSubscriptions"] = "No subscriptions here yet. Subscribe with /subscribe words.",
            ["subscriptions"] = "Subscriptions here:",
            ["digestUsage"] = "Usage: /digest 08:00 (a digest of new articles every day at that time) or /digest off",
            ["digestSet"] = "A digest of new articles every day at {0} ({1}).",
            ["digestOff"] = "The daily digest is off.",
            ["digestNone"] = "This chat has no daily digest.",
            ["pushHeader"] = "New article (subscription: {0})",
            ["pushList"] = "{0} new articles (subscription: {1}):",
            ["more"] = "more: {0}",
            ["digestHeader"] = "Today's digest: {0} new articles",
            ["source"] = "Source",
            ["failed"] = "Subscriptions cannot be read or written just now; please try again later.",
        },
    };

    /// <summary>The text <paramref name="key"/> in <paramref name="language"/> (Chinese when there is no such language), formatted with <paramref name="args"/>.</summary>
    public static string Get(string language, string key, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, (Texts.TryGetValue(language, out var texts) ? texts : Texts[TextCatalog.DefaultLanguage])[key], args);
}
