using Bot.Core;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Bot.TestSupport;

/// <summary>Builds the real core services over a knowledge path, as the host does.</summary>
public static class CoreFactory
{
    /// <summary>A service provider with <c>AddBotCore</c> over <paramref name="knowledgePath"/>, plus extra settings.</summary>
    public static ServiceProvider Services(string knowledgePath, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, TimeProvider? time = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?> { ["Knowledge:Path"] = knowledgePath, ["Knowledge:IndexPath"] = "memory", ["Knowledge:Watch"] = "false" };
        foreach (var kv in settings ?? new Dictionary<string, string?>())
            values[kv.Key] = kv.Value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = RepoPaths.Root, EnvironmentName = "Test" });
        services.AddLogging(b =>
        {
            b.ClearProviders();
            if (logs is not null)
                b.AddProvider(logs);
        });
        if (time is not null)
            services.AddSingleton(time);
        services.AddBotCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Loads <paramref name="knowledgePath"/> and returns the services with the knowledge current.</summary>
    public static async Task<ServiceProvider> LoadedAsync(string knowledgePath, IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null, TimeProvider? time = null,
        Action<IServiceCollection>? configure = null)
    {
        var sp = Services(knowledgePath, settings, logs, time, configure);
        await sp.GetRequiredService<IKnowledgeStore>().LoadAsync();
        return sp;
    }

    /// <summary>The answerer of <paramref name="services"/>.</summary>
    public static IQuestionAnswerer Answerer(this IServiceProvider services) => services.GetRequiredService<IQuestionAnswerer>();
}
