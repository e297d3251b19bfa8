using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern int qg_autograd_backward(IntPtr* outputs, IntPtr* gradOutputs, int n, int retainGraph, int createGraph);
    [DllImport(Library)] internal static extern int qg_autograd_grad(IntPtr* outputs, IntPtr* gradOutputs, int nout, IntPtr* inputs, int nin, int retainGraph, int createGraph, int allowUnused, IntPtr* result);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_grad_mode_set(int enabled);
    [DllImport(Library), SuppressGCTransition] internal static extern int qg_grad_mode_get();
    [DllImport(Library)] internal static extern IntPtr qg_leaky_relu_clamp(IntPtr x, double slope, double clamp);
}
