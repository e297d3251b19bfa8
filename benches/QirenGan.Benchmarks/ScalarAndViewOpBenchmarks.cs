using BenchmarkDotNet.Attributes;
using QirenGan.Torch;

namespace QirenGan.Benchmarks;

/// <summary>
/// Other argument shapes through the same path, on a 2×2 float32 tensor: ops with scalar arguments (optional ones
/// included) and view ops that allocate no storage, only a new TensorImpl. Add on the same tensor is the baseline,
/// measured in the same run so the ratio holds when the machine's load drifts.
/// </summary>
public class ScalarAndViewOpBenchmarks
{
    private static readonly long[] FlatShape = [4];

    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup() => _x = Tensors.FromArray([-1f, -0.25f, 0.25f, 1f], [2, 2]); // [2, 2]

    [GlobalCleanup]
    public void Cleanup() => _x.Dispose();

    /// <summary>aten::add.Tensor(self, other, alpha), as in <see cref="AddBenchmarks"/>.</summary>
    [Benchmark(Baseline = true)]
    public void Add() => _x.Add(_x).Dispose();

    /// <summary>aten::clamp(self, Scalar? min, Scalar? max): three arguments, two optional scalars.</summary>
    [Benchmark]
    public void Clamp_min_max() => _x.Clamp(-0.5, 0.5).Dispose();

    /// <summary>aten::leaky_relu(self, Scalar negative_slope).</summary>
    [Benchmark]
    public void LeakyRelu() => _x.LeakyRelu(0.2).Dispose();

    /// <summary>aten::narrow(self, dim, start, length): a view, four arguments.</summary>
    [Benchmark]
    public void Narrow_view() => _x.Narrow(0, 0, 1).Dispose();

    /// <summary>aten::reshape as library code writes it, x.Reshape(4): the params array is a new long[].</summary>
    [Benchmark]
    public void Reshape_view() => _x.Reshape(4).Dispose(); // [2, 2] → [4]

    /// <summary>The same reshape with a shape array kept in a field.</summary>
    [Benchmark]
    public void Reshape_view_cached_shape() => _x.Reshape(FlatShape).Dispose(); // [2, 2] → [4]
}
