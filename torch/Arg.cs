using QirenGan.Torch.Native;

namespace QirenGan.Torch;

/// <summary>
/// One argument of an ATen operator call (see <see cref="Op"/>). Implicit conversions let wrappers write
/// <c>Op.Call(self, other, alpha)</c>; <see cref="Default"/> leaves an argument at the schema's default.
/// </summary>
internal readonly struct Arg
{
    internal readonly ValueKind Kind;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Obj;

    private Arg(ValueKind kind, long i = 0, double d = 0, object? obj = null)
    {
        Kind = kind;
        I = i;
        D = d;
        Obj = obj;
    }

    public static readonly Arg None = new(ValueKind.None);
    public static readonly Arg Default = new(ValueKind.Default);

    public static implicit operator Arg(Tensor? t) => t is null ? None : new(ValueKind.Tensor, obj: t);
    public static implicit operator Arg(long v) => new(ValueKind.Int, i: v);
    public static implicit operator Arg(int v) => new(ValueKind.Int, i: v);
    public static implicit operator Arg(double v) => new(ValueKind.Double, d: v);
    public static implicit operator Arg(bool v) => new(ValueKind.Bool, i: v ? 1 : 0);
    public static implicit operator Arg(long[] v) => new(ValueKind.IntList, obj: v);
    public static implicit operator Arg(double[] v) => new(ValueKind.DoubleList, obj: v);
    public static implicit operator Arg(Tensor[] v) => new(ValueKind.TensorList, obj: v);
    public static implicit operator Arg(string v) => new(ValueKind.String, obj: v);
    public static implicit operator Arg(ScalarType v) => new(ValueKind.Int, i: (int)v);
    public static implicit operator Arg(Device v) => new(ValueKind.Device, i: (int)v.Type, obj: v.Index);
    public static implicit operator Arg(RandomGenerator? g) => g is null ? None : new(ValueKind.Generator, obj: g);

    /// <summary>An optional scalar: null becomes None.</summary>
    public static Arg Optional(double? v) => v.HasValue ? v.Value : None;

    /// <summary>A list of optional tensors (indexing); null entries are None.</summary>
    public static Arg OptionalTensors(Tensor?[] v) => new(ValueKind.OptionalTensorList, obj: v);

    /// <summary>How many int64 slots this argument needs in the marshalling buffer.</summary>
    internal int LongSlots => Obj is long[] a ? a.Length : 0;

    internal int DoubleSlots => Obj is double[] a ? a.Length : 0;

    internal int PointerSlots => Obj is Tensor?[] a ? a.Length : 0;

    internal int ByteSlots => Obj is string s ? System.Text.Encoding.UTF8.GetMaxByteCount(s.Length) + 1 : 0;
}
