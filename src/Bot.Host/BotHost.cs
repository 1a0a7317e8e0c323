using Bot.Core;
using Bot.Core.Hosting;
using Bot.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Host;

/// <summary>The Generic Host that serves Telegram: configuration, core, front end, systemd integration.</summary>
public static class BotHost
{
    /// <summary>How long stopping may take before answers in flight are cancelled.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Creates the host builder: top-level <c>appsettings.json</c>, environment variables, user secrets (Development),
    /// then <paramref name="overrides"/> (used by tests and tools).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = ContentRoot.Find(),
        });
        builder.Configuration.AddUserSecrets(typeof(BotHost).Assembly, optional: true);
        builder.Configuration.AddEnvironmentVariables();
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);

        builder.Services.AddSystemd();
        // Answers in flight get this long to finish at shutdown, then are cancelled (an LLM call included), so that the
        // host is gone well within systemd's TimeoutStopSec=30 of the README's unit.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddTelegramFrontEnd(builder.Configuration);
        return builder;
    }
}
