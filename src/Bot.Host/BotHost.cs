using Bot.Core.Answering;
using Bot.Core.Options;
using Bot.Core;
using Bot.Core.Hosting;
using Bot.Core.State;
using Bot.Redis;
using Bot.Telegram;
using Bot.Telegram.Webhook;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Bot.Host;

/// <summary>
/// The host that serves Telegram: configuration, core, front end, shared state, systemd integration, and the HTTP
/// endpoints: the webhook (webhook mode), <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>. In polling mode nothing
/// listens unless <c>Urls</c> (or <c>ASPNETCORE_URLS</c>) is set.
/// </summary>
public static class BotHost
{
    /// <summary>How long stopping may take before answers in flight are cancelled, unless <c>HostOptions:ShutdownTimeout</c> says otherwise.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    private const string WebServerKey = "web";

    /// <summary>
    /// Creates the builder: top-level <c>appsettings.json</c>, environment variables, user secrets (Development), then
    /// <paramref name="overrides"/> (used by tests and tools).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
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
        // host is gone well within systemd's TimeoutStopSec=30 of the README's unit. HostOptions:ShutdownTimeout wins.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["HostOptions:ShutdownTimeout"]))
            builder.Services.AddOptions<HostOptions>().Bind(builder.Configuration.GetSection("HostOptions"))
                .Validate(o => o.ShutdownTimeout >= TimeSpan.Zero, "HostOptions:ShutdownTimeout must not be negative.").ValidateOnStart();
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgePathExists>();
        builder.Services.AddTelegramFrontEnd(builder.Configuration);
        builder.Services.AddSharedState(builder.Configuration);
        // Liveness is the process answering; readiness is every check tagged ready that the projects registered.
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        builder.Services.AddOpenTelemetry().WithMetrics(m => OwnMeterOnly(m.AddMeter(BotMetrics.MeterName)).AddPrometheusExporter());

        // The web server (Kestrel) in webhook mode or with Urls set; otherwise none, and no port opened. Decided when the
        // server is resolved, from the bound Telegram options (the front end's UpdateIntake) and Urls as configured then.
        var server = builder.Services.Last(d => d.ServiceType == typeof(IServer));
        builder.Services.Add(server.ImplementationType is { } type
            ? new ServiceDescriptor(typeof(IServer), WebServerKey, type, server.Lifetime)
            : new ServiceDescriptor(typeof(IServer), WebServerKey, (sp, _) => server.ImplementationFactory?.Invoke(sp) ?? server.ImplementationInstance!, server.Lifetime));
        builder.Services.Replace(ServiceDescriptor.Singleton<IServer>(sp =>
            sp.GetRequiredService<UpdateIntake>().FromQueue || !string.IsNullOrWhiteSpace(sp.GetRequiredService<IConfiguration>()[WebHostDefaults.ServerUrlsKey])
                ? sp.GetRequiredKeyedService<IServer>(WebServerKey)
                : new NoServer()));
        return builder;
    }

    /// <summary>Builds the host and maps its endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ConfigurationCheck.CheckLogLevels(builder.Configuration);
        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Live), ResponseWriter = WriteLiveAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteReadyAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        var telegram = app.Services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (telegram.IsWebhook && Uri.TryCreate(telegram.WebhookUrl, UriKind.Absolute, out var url))
        {
            app.MapPost(url.AbsolutePath, async (HttpContext context, WebhookIntake intake) =>
                Results.StatusCode(await intake.AcceptAsync(context.Request.Headers[WebhookIntake.SecretHeader], context.Request.Body, context.RequestAborted)));
            if (app.Services.GetService<Bot.Redis.UpdateStreams>() is null)
            {
                app.Logger.LogWarning("Webhook mode without State:Redis: conversations, limits and the update queue stay in this process. " +
                    "Run one replica only, or set State:Redis for several.");
            }
        }
        return app;
    }

    // .NET meters are process-wide: another host in the same process (tests, tools) has a meter of the same name, whose
    // counts would add to this one's and whose gauges would overwrite them. The view keeps this host's instance only.
    private static MeterProviderBuilder OwnMeterOnly(MeterProviderBuilder metrics) =>
        ((IDeferredMeterProviderBuilder)metrics).Configure((services, builder) =>
        {
            var own = services.GetRequiredService<BotMetrics>();
            builder.AddView(i => i.Meter.Name != BotMetrics.MeterName || own.Owns(i) ? null : MetricStreamConfiguration.Drop);
        });

    private static Task WriteLiveAsync(HttpContext context, HealthReport report) => WriteTextAsync(context, "ok\n");

    // 200 when every check tagged ready passes (the knowledge loaded; Redis answering, when configured), else 503 (the
    // middleware's status for Unhealthy) naming what is not.
    private static Task WriteReadyAsync(HttpContext context, HealthReport report) => WriteTextAsync(context, report.Status == HealthStatus.Healthy
        ? "ready\n"
        : $"not ready: {string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key))}\n");

    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    // Polling without Urls: the endpoints are not served, and no port is opened.
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
