using QirenGan.Torch;
using QirenGan.Torch.Native;

namespace QirenGan.Benchmarks;

/// <summary>The C++-only side of each comparison: native/src/qg_bench.cpp's add loop.</summary>
internal static class LibtorchBaseline
{
    /// <summary>Additions per native call, so the one P/Invoke into the loop is spread over many ops
    /// (use as the benchmark's OperationsPerInvoke).</summary>
    public const int OpsPerCall = 16;

    /// <summary>Runs a + b <see cref="OpsPerCall"/> times in C++, results discarded.</summary>
    public static void Add(Tensor a, Tensor b, bool boxed) => NativeMethods.BenchAddLoop(a, b, OpsPerCall, boxed);
}
