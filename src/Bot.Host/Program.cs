using Bot.Core.Hosting;
using Bot.Host;
using Microsoft.AspNetCore.Builder;

WebApplication host;
try
{
    host = BotHost.Build(BotHost.CreateBuilder(args));
}
catch (Exception e) when (ConfigurationCheck.LineFor(e) is { } line)
{
    Console.Error.WriteLine(line);
    return ConfigurationCheck.ExitCode;
}

await using (host)
{
    // Checked before the host starts, so that a bad setting is one line, not the host's failure log with a stack trace.
    if (ConfigurationCheck.Validate(host.Services) is { } error)
    {
        Console.Error.WriteLine(error);
        return ConfigurationCheck.ExitCode;
    }
    return await HostExit.RunAsync(host);
}
