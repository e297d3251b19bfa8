using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>Process-wide libtorch settings and facts: threads, seeds, CUDA, version and build configuration.</summary>
public static class TorchRuntime
{
    /// <summary>Threads of libtorch's intra-op pool (OpenMP).</summary>
    public static int Threads
    {
        get => NativeMethods.qg_get_num_threads();
        set => NativeMethods.Check(NativeMethods.qg_set_num_threads(value));
    }

    /// <summary>Sets the inter-op pool size; only possible before any parallel work has started.</summary>
    public static void SetInteropThreads(int n) => NativeMethods.Check(NativeMethods.qg_set_num_interop_threads(n));

    /// <summary>Seeds libtorch's global generators (CPU and CUDA).</summary>
    public static void ManualSeed(ulong seed) => NativeMethods.Check(NativeMethods.qg_manual_seed(seed));

    public static int CudaDeviceCount
    {
        get
        {
            var n = NativeMethods.qg_cuda_device_count();
            if (n < 0)
            {
                throw new TorchException(NativeMethods.LastError());
            }
            return n;
        }
    }

    public static bool CudaAvailable => CudaDeviceCount > 0;

    public static void CudaSynchronize(int device = 0) => NativeMethods.Check(NativeMethods.qg_cuda_synchronize(device));

    /// <summary>libtorch's version ("1.13.1").</summary>
    public static string Version => NativeMethods.TakeString(NativeMethods.qg_torch_version());

    /// <summary>at::show_config(): compiler, BLAS, oneDNN, OpenMP, CUDA.</summary>
    public static string BuildConfig => NativeMethods.TakeString(NativeMethods.qg_build_config());

    /// <summary>Live tensor handles (see <see cref="Tensor.LiveCount"/>).</summary>
    public static long LiveTensors => Tensor.LiveCount;
}
