using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>
/// An ATen operator resolved once through the c10 dispatcher ("aten::add", overload "Tensor") and called with a
/// boxed argument stack. This is the path TorchScript's interpreter takes, so autograd, double backward and CUDA
/// behave as in PyTorch, and a new operator costs one line of C# instead of a native rebuild.
/// </summary>
internal sealed unsafe class Op
{
    private const int MaxReturns = 8;
    // Keyed by the (name, overload) pair and filled by a static factory, so a lookup of a cached operator allocates
    // nothing (a string key or a capturing lambda cost ~100 bytes on every op call).
    private static readonly ConcurrentDictionary<(string Name, string Overload), Op> Cache = new();

    private readonly IntPtr _handle;

    public string Name { get; }

    private Op(string name, IntPtr handle)
    {
        Name = name;
        _handle = handle;
    }

    /// <summary>Resolves "aten::name" with the given overload ("" for the default one). Cached; never freed.</summary>
    public static Op Get(string name, string overload = "") =>
        Cache.GetOrAdd((name, overload), static key =>
        {
            var handle = NativeMethods.qg_op_find(key.Name, key.Overload);
            if (handle == IntPtr.Zero)
            {
                throw new TorchException(NativeMethods.LastError());
            }
            return new Op(key.Overload.Length == 0 ? key.Name : key.Name + "." + key.Overload, handle);
        });

    public string Schema => Marshal.PtrToStringUTF8(NativeMethods.qg_op_schema(_handle)) ?? Name;

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    public Tensor Call(params ReadOnlySpan<Arg> args)
    {
        var rets = stackalloc NativeValue[MaxReturns];
        var n = Invoke(args, rets);
        if (n < 1 || rets[0].Kind != (int)ValueKind.Tensor)
        {
            ReleaseReturns(rets, n);
            throw new TorchException($"{Name}: expected a tensor result");
        }
        for (var k = 1; k < n; ++k)
        {
            ReleaseReturn(rets[k]);
        }
        return new Tensor(rets[0].P);
    }

    /// <summary>Calls an operator that returns two tensors (max with indices, var_mean, …).</summary>
    public (Tensor, Tensor) Call2(params ReadOnlySpan<Arg> args)
    {
        var rets = stackalloc NativeValue[MaxReturns];
        var n = Invoke(args, rets);
        if (n < 2 || rets[0].Kind != (int)ValueKind.Tensor || rets[1].Kind != (int)ValueKind.Tensor)
        {
            ReleaseReturns(rets, n);
            throw new TorchException($"{Name}: expected two tensor results");
        }
        for (var k = 2; k < n; ++k)
        {
            ReleaseReturn(rets[k]);
        }
        return (new Tensor(rets[0].P), new Tensor(rets[1].P));
    }

    /// <summary>Calls an operator that returns a list of tensors (split, unbind, _foreach_*).</summary>
    public Tensor[] CallList(params ReadOnlySpan<Arg> args)
    {
        var rets = stackalloc NativeValue[MaxReturns];
        var n = Invoke(args, rets);
        if (n < 1 || rets[0].Kind != (int)ValueKind.TensorList)
        {
            ReleaseReturns(rets, n);
            throw new TorchException($"{Name}: expected a tensor list result");
        }
        return TakeList(rets[0]);
    }

    /// <summary>Calls an in-place or out-variant operator whose result is one of its inputs.</summary>
    public void CallVoid(params ReadOnlySpan<Arg> args)
    {
        var rets = stackalloc NativeValue[MaxReturns];
        var n = Invoke(args, rets);
        ReleaseReturns(rets, n);
    }

    internal static Tensor[] TakeList(NativeValue value)
    {
        var handles = (IntPtr*)value.P;
        var result = new Tensor[value.Count];
        for (var k = 0; k < value.Count; ++k)
        {
            result[k] = new Tensor(handles[k]);
        }
        NativeMethods.qg_free(value.P);
        return result;
    }

    private static void ReleaseReturns(NativeValue* rets, int n)
    {
        for (var k = 0; k < n; ++k)
        {
            ReleaseReturn(rets[k]);
        }
    }

    private static void ReleaseReturn(NativeValue v)
    {
        if (v.Kind == (int)ValueKind.Tensor)
        {
            NativeMethods.qg_tensor_free(v.P);
        }
        else if (v.Kind == (int)ValueKind.TensorList)
        {
            var handles = (IntPtr*)v.P;
            for (var k = 0; k < v.Count; ++k)
            {
                NativeMethods.qg_tensor_free(handles[k]);
            }
            NativeMethods.qg_free(v.P);
        }
    }

    private int Invoke(ReadOnlySpan<Arg> args, NativeValue* rets)
    {
        Marshalling.Count(args, out var nl, out var nd, out var np, out var nb);
        var values = stackalloc NativeValue[Math.Max(1, args.Length)];
        var longs = stackalloc long[nl];
        var doubles = stackalloc double[nd];
        var pointers = stackalloc IntPtr[np];
        var bytes = stackalloc byte[nb];
        Marshalling.Fill(args, values, longs, doubles, pointers, bytes);
        int n;
        var rc = NativeMethods.qg_op_call(_handle, values, args.Length, rets, MaxReturns, &n);
        if (rc != 0)
        {
            throw new TorchException($"{Name}: {NativeMethods.LastError()}");
        }
        return n;
    }
}
