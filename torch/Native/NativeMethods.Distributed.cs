using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern int qg_dist_backend_available(int backend);
    [DllImport(Library)] internal static extern IntPtr qg_dist_init([MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port, int rank, int worldSize, long timeoutMs, int backend);
    [DllImport(Library)] internal static extern void qg_dist_free(IntPtr g);
    [DllImport(Library)] internal static extern int qg_dist_allreduce_sum(IntPtr g, IntPtr* tensors, int n, long timeoutMs);
    [DllImport(Library)] internal static extern int qg_dist_broadcast(IntPtr g, IntPtr* tensors, int n, int root, long timeoutMs);
    [DllImport(Library)] internal static extern int qg_dist_barrier(IntPtr g, long timeoutMs);
}
