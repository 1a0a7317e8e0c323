using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Bot.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
