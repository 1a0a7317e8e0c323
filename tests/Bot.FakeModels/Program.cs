using Bot.TestSupport;

// The tests' fake embedding and rerank server, on its own, for measuring the cost of the semantic stages with `bench`
// without a model: it answers at once.
//   dotnet run -c Release --project tests/Bot.FakeModels -- [port] [dimensions]
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5199;
var dimensions = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1024;
await using var server = await FakeModelServer.StartAsync(port, dimensions);
Console.WriteLine($"fake embedding and rerank server at {server.Endpoint} ({dimensions} dimensions); Ctrl+C stops it");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
