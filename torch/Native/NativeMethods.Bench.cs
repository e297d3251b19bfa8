using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

// qg_bench.cpp: the libtorch-only baseline that benches/QirenGan.Benchmarks measures the binding against.
internal static partial class NativeMethods
{
    [DllImport(Library)] internal static extern int qg_bench_add_loop(IntPtr a, IntPtr b, long n, int boxed);

    /// <summary>
    /// Computes a + b <paramref name="n"/> times in C++ and discards the results: through the dispatcher's boxed
    /// entry point with an IValue stack (<paramref name="boxed"/>, the path qg_op_call takes) or the typed at::add
    /// (the path C++ code and PyTorch's Python bindings take). Takes tensors so raw handles stay in the binding.
    /// </summary>
    internal static void BenchAddLoop(Tensor a, Tensor b, long n, bool boxed)
    {
        Check(qg_bench_add_loop(a.Handle, b.Handle, n, boxed ? 1 : 0));
        GC.KeepAlive(a);
        GC.KeepAlive(b);
    }
}
