using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>Who the bot is (from <c>getMe</c>), needed to recognise mentions and replies in groups.</summary>
public sealed class BotIdentity
{
    private User? _me;

    /// <summary>The bot user; set once polling starts.</summary>
    public User Me => _me ?? throw new InvalidOperationException("The bot identity is not known before getMe.");

    /// <summary>True once <c>getMe</c> has answered.</summary>
    public bool IsKnown => _me is not null;

    internal void Set(User me) => _me = me;
}
