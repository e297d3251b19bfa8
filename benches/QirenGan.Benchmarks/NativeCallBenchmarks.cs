using BenchmarkDotNet.Attributes;
using QirenGan.Torch;

namespace QirenGan.Benchmarks;

/// <summary>
/// The floor: P/Invoke round trips whose native side does almost nothing, and the lifecycle of one result handle.
/// Every operator call pays at least one GC-transition round trip and one handle.
/// </summary>
public class NativeCallBenchmarks
{
    private Tensor _tensor = null!;

    [GlobalSetup]
    public void Setup() => _tensor = Tensors.Zeros([1]);

    [GlobalCleanup]
    public void Cleanup() => _tensor.Dispose();

    /// <summary>Tensor.Dim: SafeHandle's closed check, then qg_tensor_dim ([SuppressGCTransition]).</summary>
    [Benchmark(Baseline = true)]
    public int Tensor_Dim() => _tensor.Dim;

    /// <summary>Autograd.IsGradEnabled: qg_grad_mode_get ([SuppressGCTransition]), no handle.</summary>
    [Benchmark]
    public bool Grad_mode_get() => Autograd.IsGradEnabled;

    /// <summary>TorchRuntime.Threads: qg_get_num_threads, an ordinary P/Invoke with the GC transition that every
    /// operator call (qg_op_call) and every handle free (qg_tensor_free) pays.</summary>
    [Benchmark]
    public int Get_num_threads_with_GC_transition() => TorchRuntime.Threads;

    /// <summary>The result handle every op pays for: Tensor.Alias (qg_tensor_share: a new at::Tensor handle, a new
    /// SafeHandle) and Dispose (qg_tensor_free), with no operator call.</summary>
    [Benchmark]
    public void Handle_Alias_then_Dispose() => _tensor.Alias().Dispose();
}
