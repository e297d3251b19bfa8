using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern void qg_tensor_free(IntPtr t);
    [DllImport(Library)] internal static extern IntPtr qg_tensor_from_data(void* data, long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [DllImport(Library)] internal static extern int qg_tensor_copy_to(IntPtr t, void* dst, long nbytes);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_dim(IntPtr t);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_sizes(IntPtr t, long* output);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_dtype(IntPtr t);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_device(IntPtr t, int* index);
    [DllImport(Library), SuppressGCTransition] internal static extern long qg_tensor_numel(IntPtr t);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_requires_grad(IntPtr t);
    [DllImport(Library)] internal static extern int qg_tensor_set_requires_grad(IntPtr t, int value);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_tensor_is_leaf(IntPtr t);
    [DllImport(Library)] internal static extern IntPtr qg_tensor_grad(IntPtr t);
    [DllImport(Library)] internal static extern int qg_tensor_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Library)] internal static extern int qg_tensor_item(IntPtr t, double* output);
    [DllImport(Library)] internal static extern IntPtr qg_tensor_share(IntPtr t);
    [DllImport(Library)] internal static extern int qg_tensor_assign(IntPtr dst, IntPtr src);
}
