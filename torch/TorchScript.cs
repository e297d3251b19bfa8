using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>A TorchScript module loaded from a file saved by torch.jit.save (for example the Inception detector).</summary>
public sealed unsafe class TorchScript : SafeHandle
{
    private TorchScript(IntPtr handle, string path) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        Path = path;
    }

    public string Path { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.qg_jit_free(handle);
        return true;
    }

    /// <summary>Loads the module onto <paramref name="device"/> and puts it in eval mode.</summary>
    public static TorchScript Load(string path, Device? device = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: TorchScript file not found", path);
        }
        var d = device ?? Device.Cpu;
        var h = NativeMethods.qg_jit_load(path, (int)d.Type, d.Index);
        if (h == IntPtr.Zero)
        {
            throw new TorchException($"{path}: cannot load TorchScript module: {NativeMethods.LastError()}");
        }
        var module = new TorchScript(h, path);
        NativeMethods.Check(NativeMethods.qg_jit_eval(h));
        return module;
    }

    /// <summary>Calls forward(tensor, flag) and returns its tensor result (the first, if it returns a tuple).</summary>
    public Tensor Forward(Tensor input, bool? flag = null)
    {
        Span<Arg> args = [input, flag ?? false];
        return Forward(flag.HasValue ? args : args[..1]);
    }

    internal Tensor Forward(ReadOnlySpan<Arg> args)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        Marshalling.Count(args, out var nl, out var nd, out var np, out var nb);
        var values = stackalloc NativeValue[Math.Max(1, args.Length)];
        var longs = stackalloc long[nl];
        var doubles = stackalloc double[nd];
        var pointers = stackalloc IntPtr[np];
        var bytes = stackalloc byte[nb];
        Marshalling.Fill(args, values, longs, doubles, pointers, bytes);
        NativeValue ret;
        int n;
        if (NativeMethods.qg_jit_forward(handle, values, args.Length, &ret, 1, &n) != 0)
        {
            throw new TorchException($"{Path}: forward failed: {NativeMethods.LastError()}");
        }
        if (ret.Kind == (int)ValueKind.Tensor)
        {
            return new Tensor(ret.P);
        }
        if (ret.Kind == (int)ValueKind.TensorList && ret.Count > 0)
        {
            var list = Op.TakeList(ret);
            for (var k = 1; k < list.Length; ++k)
            {
                list[k].Dispose();
            }
            return list[0];
        }
        throw new TorchException($"{Path}: forward returned no tensor");
    }
}
