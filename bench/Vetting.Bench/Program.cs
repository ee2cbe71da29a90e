using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Vetting.Bench -- --filter '*'   (all); add --job short for a quicker pass.
BenchmarkSwitcher.FromAssembly(typeof(Vetting.Bench.InMemoryBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
