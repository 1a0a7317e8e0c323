using Bot.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

try
{
    await BotHost.CreateBuilder(args).Build().RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("Configuration error: " + string.Join(" ", e.Failures));
    return 2;
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"Configuration error: {e.Message} {e.InnerException?.Message}");
    return 2;
}
