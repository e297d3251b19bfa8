using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>
/// A libtorch tensor. Each instance owns one native handle (a SafeHandle, so the handle is freed exactly once);
/// the tensor it refers to may be shared with others, as in PyTorch. Every operation returns a fresh tensor,
/// registered in the current <see cref="DisposeScope"/>, and never disposes its inputs.
/// </summary>
public sealed partial class Tensor : SafeHandle
{
    private static long _live;

    internal DisposeScope? Scope;

    internal Tensor(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        if (handle == IntPtr.Zero)
        {
            throw new TorchException(NativeMethods.LastError());
        }
        SetHandle(handle);
        Interlocked.Increment(ref _live);
        DisposeScope.Register(this);
    }

    /// <summary>Number of tensor handles created and not yet freed, process-wide (for leak checks).</summary>
    public static long LiveCount => Interlocked.Read(ref _live);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.qg_tensor_free(handle);
        Interlocked.Decrement(ref _live);
        return true;
    }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    /// <summary>Keeps this tensor alive past the current scope: it moves to the enclosing one (or to none).</summary>
    public Tensor MoveToOuterScope()
    {
        Scope?.MoveToOuter(this);
        return this;
    }

    /// <summary>Takes this tensor out of every scope: the caller disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Release(this);
        return this;
    }

    // ---- properties

    public int Dim => NativeMethods.qg_tensor_dim(Handle);

    public unsafe long[] Shape
    {
        get
        {
            var dim = Dim;
            var shape = new long[dim];
            fixed (long* p = shape)
            {
                NativeMethods.Check(NativeMethods.qg_tensor_sizes(Handle, p));
            }
            return shape;
        }
    }

    /// <summary>Size along <paramref name="dim"/> (negative counts from the end).</summary>
    public unsafe long Size(int dim)
    {
        var n = Dim;
        var d = dim < 0 ? dim + n : dim;
        if (d < 0 || d >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} out of range for a {n}-d tensor");
        }
        var sizes = stackalloc long[n];
        NativeMethods.Check(NativeMethods.qg_tensor_sizes(Handle, sizes));
        return sizes[d];
    }

    public long Numel => NativeMethods.qg_tensor_numel(Handle);

    public ScalarType DType => (ScalarType)NativeMethods.qg_tensor_dtype(Handle);

    public unsafe Device Device
    {
        get
        {
            int index;
            var type = NativeMethods.qg_tensor_device(Handle, &index);
            return new Device((DeviceType)type, index);
        }
    }

    public bool RequiresGrad
    {
        get => NativeMethods.qg_tensor_requires_grad(Handle) == 1;
        set => NativeMethods.Check(NativeMethods.qg_tensor_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (for chaining at creation).</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    public bool IsLeaf => NativeMethods.qg_tensor_is_leaf(Handle) == 1;

    /// <summary>The accumulated gradient (a new handle each call), or null when none has been computed.</summary>
    public Tensor? Grad
    {
        get
        {
            var g = NativeMethods.qg_tensor_grad(Handle);
            if (g == IntPtr.Zero)
            {
                var error = NativeMethods.LastError();
                if (error != "unknown native error")
                {
                    throw new TorchException(error);
                }
                return null;
            }
            return new Tensor(g);
        }
        set => NativeMethods.Check(NativeMethods.qg_tensor_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    /// <summary>Makes this handle refer to <paramref name="source"/>'s tensor (used to move parameters between devices).</summary>
    public void Assign(Tensor source) => NativeMethods.Check(NativeMethods.qg_tensor_assign(Handle, source.Handle));

    /// <summary>A second handle to the same tensor, owned by the current scope.</summary>
    public Tensor Alias() => new(NativeMethods.qg_tensor_share(Handle));

    // ---- host data

    /// <summary>The value of a one-element tensor.</summary>
    public unsafe double ToDouble()
    {
        double value;
        NativeMethods.Check(NativeMethods.qg_tensor_item(Handle, &value));
        return value;
    }

    public float ToSingle() => (float)ToDouble();

    public long ToInt64() => (long)ToDouble();

    /// <summary>Copies the elements (row-major) to a new array; <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        CheckElementType<T>();
        var result = new T[Numel];
        fixed (T* p = result)
        {
            NativeMethods.Check(NativeMethods.qg_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        }
        return result;
    }

    /// <summary>The elements (row-major) as float64, whatever the tensor's type and device; no gradient is tracked.</summary>
    public double[] ToDoubles()
    {
        using var scope = DisposeScope.Enter();
        return Detach().Double().Cpu().Contiguous().ToArray<double>();
    }

    /// <summary>Copies the elements into <paramref name="destination"/>, whose length must equal <see cref="Numel"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = destination)
        {
            NativeMethods.Check(NativeMethods.qg_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
        }
    }

    /// <summary>Copies the raw bytes (row-major, native endianness) of the tensor.</summary>
    public byte[] ToBytes()
    {
        var result = new byte[Numel * DType.ElementSize()];
        CopyBytesTo(result);
        return result;
    }

    /// <summary>Copies the raw bytes into <paramref name="destination"/>, which must be exactly their size.</summary>
    public unsafe void CopyBytesTo(Span<byte> destination)
    {
        var size = Numel * DType.ElementSize();
        if (destination.Length != size)
        {
            throw new ArgumentException($"the tensor has {size} bytes, the destination {destination.Length}");
        }
        fixed (byte* p = destination)
        {
            NativeMethods.Check(NativeMethods.qg_tensor_copy_to(Handle, p, size));
        }
    }

    private unsafe void CheckElementType<T>() where T : unmanaged
    {
        var expected = ElementTypeOf<T>();
        if (expected != DType)
        {
            throw new InvalidOperationException($"tensor has dtype {DType}, not {expected} ({typeof(T).Name})");
        }
    }

    internal static ScalarType ElementTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(byte)) return ScalarType.UInt8;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(System.Numerics.Complex)) return ScalarType.Complex128;
        throw new NotSupportedException($"no tensor dtype for {typeof(T).Name}");
    }

    public override string ToString()
    {
        if (IsClosed)
        {
            return "Tensor(disposed)";
        }
        return $"Tensor[{string.Join(", ", Shape)}] {DType} on {Device}";
    }
}
