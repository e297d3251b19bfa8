using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static partial class NativeMethods
{
    [DllImport(Library)] internal static extern int qg_manual_seed(ulong seed);
    [DllImport(Library)] internal static extern IntPtr qg_generator_new(ulong seed, int deviceType, int deviceIndex);
    [DllImport(Library)] internal static extern void qg_generator_free(IntPtr g);
    [DllImport(Library)] internal static extern IntPtr qg_generator_get_state(IntPtr g);
    [DllImport(Library)] internal static extern int qg_generator_set_state(IntPtr g, IntPtr state);
    [DllImport(Library)] internal static extern int qg_set_num_threads(int n);
    [DllImport(Library)] internal static extern int qg_get_num_threads();
    [DllImport(Library)] internal static extern int qg_set_num_interop_threads(int n);
    [DllImport(Library)] internal static extern int qg_cuda_device_count();
    [DllImport(Library)] internal static extern int qg_cuda_synchronize(int deviceIndex);
    [DllImport(Library)] internal static extern IntPtr qg_build_config();
    [DllImport(Library)] internal static extern IntPtr qg_torch_version();
    [DllImport(Library)] internal static extern int qg_profile_start([MarshalAs(UnmanagedType.LPUTF8Str)] string tracePath);
    [DllImport(Library)] internal static extern int qg_profile_stop();
}
