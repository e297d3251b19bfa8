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

    /// <summary>
    /// Calls forward(input, name=value, …) with keyword arguments (e.g. StyleGAN2-ADA's VGG16:
    /// <c>vgg16(img, resize_images=False, return_lpips=True)</c>) and returns its tensor result (the first of a tuple).
    /// Autograd records through the module when gradients are enabled.
    /// </summary>
    public Tensor Forward(Tensor input, params (string Name, bool Value)[] keywords)
    {
        Span<Arg> args = new Arg[1 + keywords.Length];
        args[0] = input;
        for (var k = 0; k < keywords.Length; ++k)
        {
            args[1 + k] = keywords[k].Value;
        }
        return Forward(args, [.. keywords.Select(k => k.Name)]);
    }

    /// <summary>Sets requires_grad on every parameter of the module (false: gradients reach its input only).</summary>
    public void RequiresGrad_(bool value)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        NativeMethods.Check(NativeMethods.qg_jit_requires_grad(handle, value ? 1 : 0));
    }

    /// <summary>The last <paramref name="names"/>.Length of <paramref name="args"/> are passed by those names.</summary>
    internal Tensor Forward(ReadOnlySpan<Arg> args, string[]? names = null)
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
        var nkw = names?.Length ?? 0;
        var namePointers = stackalloc IntPtr[Math.Max(1, nkw)];
        try
        {
            for (var k = 0; k < nkw; ++k)
            {
                namePointers[k] = Marshal.StringToCoTaskMemUTF8(names![k]);
            }
            var failed = nkw == 0
                ? NativeMethods.qg_jit_forward(handle, values, args.Length, &ret, 1, &n)
                : NativeMethods.qg_jit_forward_kw(handle, values, args.Length - nkw, namePointers, values + (args.Length - nkw), nkw, &ret, 1, &n);
            if (failed != 0)
            {
                throw new TorchException($"{Path}: forward failed: {NativeMethods.LastError()}");
            }
        }
        finally
        {
            for (var k = 0; k < nkw; ++k)
            {
                Marshal.FreeCoTaskMem(namePointers[k]);
            }
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
