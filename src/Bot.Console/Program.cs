using Bot.Console;

return await Harness.RunAsync(args, System.Console.In, System.Console.Out, System.Console.Error);
