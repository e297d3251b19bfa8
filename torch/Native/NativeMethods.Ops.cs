using System.Runtime.InteropServices;

namespace QirenGan.Torch.Native;

/// <summary>Mirror of qg_kind in qg_api.h.</summary>
internal enum ValueKind
{
    None = 0,
    Tensor = 1,
    Int = 2,
    Double = 3,
    Bool = 4,
    IntList = 5,
    DoubleList = 6,
    TensorList = 7,
    String = 8,
    Default = 9,
    OptionalTensorList = 10,
    Device = 11,
    Generator = 12,
}

/// <summary>Mirror of qg_value in qg_api.h: one boxed argument or return value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeValue
{
    public int Kind;
    public int Count;
    public long I;
    public double D;
    public IntPtr P;
}

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern IntPtr qg_op_find([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string overload);
    [DllImport(Library)] internal static extern int qg_op_call(IntPtr op, NativeValue* args, int nargs, NativeValue* rets, int maxrets, int* nrets);
    [DllImport(Library)] internal static extern IntPtr qg_op_schema(IntPtr op);
}
