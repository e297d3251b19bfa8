using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>
/// Turns <see cref="Arg"/>s into native values backed by caller-provided stack buffers, so an operator call
/// allocates nothing on the managed heap. The caller keeps the argument span (and thus every tensor) alive.
/// </summary>
internal static unsafe class Marshalling
{
    public static void Count(ReadOnlySpan<Arg> args, out int longs, out int doubles, out int pointers, out int bytes)
    {
        longs = doubles = pointers = bytes = 0;
        foreach (ref readonly var a in args)
        {
            longs += a.LongSlots;
            doubles += a.DoubleSlots;
            pointers += a.PointerSlots;
            bytes += a.ByteSlots;
        }
    }

    public static void Fill(ReadOnlySpan<Arg> args, NativeValue* values, long* longs, double* doubles,
        IntPtr* pointers, byte* bytes)
    {
        for (var k = 0; k < args.Length; ++k)
        {
            ref readonly var a = ref args[k];
            ref var v = ref values[k];
            v.Kind = (int)a.Kind;
            v.Count = 0;
            v.I = a.I;
            v.D = a.D;
            v.P = IntPtr.Zero;
            switch (a.Obj)
            {
                case Tensor t:
                    v.P = t.Handle;
                    break;
                case long[] list:
                    v.Count = list.Length;
                    v.P = (IntPtr)longs;
                    for (var j = 0; j < list.Length; ++j)
                    {
                        *longs++ = list[j];
                    }
                    break;
                case double[] list:
                    v.Count = list.Length;
                    v.P = (IntPtr)doubles;
                    for (var j = 0; j < list.Length; ++j)
                    {
                        *doubles++ = list[j];
                    }
                    break;
                case Tensor?[] list:
                    v.Count = list.Length;
                    v.P = (IntPtr)pointers;
                    for (var j = 0; j < list.Length; ++j)
                    {
                        *pointers++ = list[j]?.Handle ?? IntPtr.Zero;
                    }
                    break;
                case string s:
                    v.P = (IntPtr)bytes;
                    var written = System.Text.Encoding.UTF8.GetBytes(s, new Span<byte>(bytes, a.ByteSlots));
                    bytes[written] = 0;
                    bytes += a.ByteSlots;
                    break;
                case int deviceIndex:
                    v.Count = deviceIndex;
                    break;
                case RandomGenerator g:
                    v.P = g.Handle;
                    break;
            }
        }
    }
}
