using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>
/// A random-number generator with its own stream (torch.Generator). Its state can be saved and restored, which
/// is what makes a resumed training run continue bit for bit.
/// </summary>
public sealed class RandomGenerator : SafeHandle
{
    public RandomGenerator(ulong seed, Device? device = null) : base(IntPtr.Zero, ownsHandle: true)
    {
        var d = device ?? Device.Cpu;
        SetHandle(NativeMethods.CheckHandle(NativeMethods.qg_generator_new(seed, (int)d.Type, d.Index)));
        Device = d;
    }

    public Device Device { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.qg_generator_free(handle);
        return true;
    }

    /// <summary>The generator's full state as bytes (opaque, restorable with <see cref="SetState"/>).</summary>
    public byte[] GetState()
    {
        using var state = new Tensor(NativeMethods.qg_generator_get_state(Handle)).DetachFromDisposeScope();
        return state.ToBytes();
    }

    public void SetState(byte[] state)
    {
        using var t = Tensors.FromArray(state).DetachFromDisposeScope();
        NativeMethods.Check(NativeMethods.qg_generator_set_state(Handle, t.Handle));
    }
}
