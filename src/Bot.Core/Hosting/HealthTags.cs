namespace Bot.Core.Hosting;

/// <summary>
/// The tags of the health checks: <c>/healthz</c> runs those tagged <see cref="Live"/> (the process answers), <c>/readyz</c>
/// those tagged <see cref="Ready"/> (what the bot needs before it can answer: the knowledge loaded, Redis when configured).
/// </summary>
public static class HealthTags
{
    /// <summary>The process is alive.</summary>
    public const string Live = "live";

    /// <summary>The bot can answer.</summary>
    public const string Ready = "ready";
}
