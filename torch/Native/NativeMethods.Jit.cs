using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern IntPtr qg_jit_load([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int deviceType, int deviceIndex);
    [DllImport(Library)] internal static extern void qg_jit_free(IntPtr m);
    [DllImport(Library)] internal static extern int qg_jit_eval(IntPtr m);
    [DllImport(Library)] internal static extern int qg_jit_forward(IntPtr m, NativeValue* args, int nargs, NativeValue* rets, int maxrets, int* nrets);
    [DllImport(Library)] internal static extern int qg_jit_forward_kw(IntPtr m, NativeValue* args, int nargs, IntPtr* names, NativeValue* kwargs, int nkwargs, NativeValue* rets, int maxrets, int* nrets);
    [DllImport(Library)] internal static extern int qg_jit_requires_grad(IntPtr m, int value);
}
