using BenchmarkDotNet.Running;
using QirenGan.Benchmarks;

// dotnet run -c Release --project benches/QirenGan.Benchmarks -- --filter '*'
if (BenchmarkEnvironment.RelaunchIfNeeded(args) is { } exitCode)
{
    return exitCode;
}
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, new BenchmarkConfig());
return 0;
