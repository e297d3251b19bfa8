using BenchmarkDotNet.Attributes;
using QirenGan.Torch;

namespace QirenGan.Benchmarks;

/// <summary>
/// The same a + b as <see cref="AddBenchmarks"/> on growing float32 tensors, C# against libtorch alone, so the
/// Ratio column shows where the binding's fixed per-op cost stops mattering. Elementwise add on contiguous
/// tensors does not depend on the shape, only on the element count, so the tensors are 1-d.
/// </summary>
public class AddSizeBenchmarks
{
    private Tensor _a = null!;
    private Tensor _b = null!;

    /// <summary>Elements per tensor: 1, 32², 32³, 32⁴ (4 B to 4 MiB of float32).</summary>
    [Params(1, 1_024, 32_768, 1_048_576)]
    public int Elements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var generator = new RandomGenerator(seed: 0);
        _a = Tensors.Rand([Elements], generator); // [Elements]
        _b = Tensors.Rand([Elements], generator); // [Elements]
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LibtorchBaseline.OpsPerCall)]
    public void Cpp_at_add() => LibtorchBaseline.Add(_a, _b, boxed: false);

    [Benchmark]
    public void CSharp_Add_then_Dispose()
    {
        using var sum = _a.Add(_b);
    }
}
