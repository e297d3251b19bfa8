namespace QirenGan.Torch;

// Views, reshapes, joins and conversions.
public sealed partial class Tensor
{
    public Tensor Reshape(params long[] shape) => Op.Get("aten::reshape").Call(this, shape);
    public Tensor View(params long[] shape) => Op.Get("aten::view").Call(this, shape);
    public Tensor Permute(params long[] dims) => Op.Get("aten::permute").Call(this, dims);
    public Tensor Transpose(long dim0, long dim1) => Op.Get("aten::transpose", "int").Call(this, dim0, dim1);
    /// <summary>The transpose of a 2-d tensor.</summary>
    public Tensor T() => Op.Get("aten::t").Call(this);
    public Tensor Squeeze(long dim) => Op.Get("aten::squeeze", "dim").Call(this, dim);
    public Tensor Unsqueeze(long dim) => Op.Get("aten::unsqueeze").Call(this, dim);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Op.Get("aten::flatten", "using_ints").Call(this, startDim, endDim);
    public Tensor Narrow(long dim, long start, long length) => Op.Get("aten::narrow").Call(this, dim, start, length);
    /// <summary>Elements start, start+step, … below end along <paramref name="dim"/>.</summary>
    public Tensor Slice(long dim, long start, long end, long step = 1) => Op.Get("aten::slice", "Tensor").Call(this, dim, start, end, step);
    public Tensor Select(long dim, long index) => Op.Get("aten::select", "int").Call(this, dim, index);
    public Tensor IndexSelect(long dim, Tensor index) => Op.Get("aten::index_select").Call(this, dim, index);
    /// <summary>A copy with <paramref name="source"/> slices added at <paramref name="index"/> along <paramref name="dim"/> (duplicates accumulate).</summary>
    public Tensor IndexAdd(long dim, Tensor index, Tensor source) => Op.Get("aten::index_add").Call(this, dim, index, source);
    /// <summary>Advanced indexing (tensor[indices]); null entries keep a dimension whole.</summary>
    public Tensor Index(params Tensor?[] indices) => Op.Get("aten::index", "Tensor").Call(this, Arg.OptionalTensors(indices));
    public Tensor Gather(long dim, Tensor index) => Op.Get("aten::gather").Call(this, dim, index);
    public Tensor Expand(params long[] shape) => Op.Get("aten::expand").Call(this, shape);
    public Tensor ExpandAs(Tensor other) => Op.Get("aten::expand_as").Call(this, other);
    public Tensor Repeat(params long[] repeats) => Op.Get("aten::repeat").Call(this, repeats);
    public Tensor Flip(params long[] dims) => Op.Get("aten::flip").Call(this, dims);
    public Tensor Roll(long[] shifts, long[] dims) => Op.Get("aten::roll").Call(this, shifts, dims);
    public Tensor[] Chunk(long chunks, long dim = 0) => Op.Get("aten::chunk").CallList(this, chunks, dim);
    public Tensor[] Split(long size, long dim = 0) => Op.Get("aten::split", "Tensor").CallList(this, size, dim);
    public Tensor[] Unbind(long dim = 0) => Op.Get("aten::unbind", "int").CallList(this, dim);
    public Tensor Contiguous() => Op.Get("aten::contiguous").Call(this);
    /// <summary>The same values laid out channels-last (NHWC strides), which oneDNN convolutions prefer.</summary>
    public Tensor ChannelsLast() => Op.Get("aten::contiguous").Call(this, MemoryFormatChannelsLast);
    public Tensor Clone() => Op.Get("aten::clone").Call(this);
    /// <summary>A tensor sharing storage, cut from the autograd graph.</summary>
    public Tensor Detach() => Op.Get("aten::detach").Call(this);
    public Tensor To(ScalarType dtype) => Op.Get("aten::to", "dtype").Call(this, dtype);
    public Tensor To(Device device) => Op.Get("aten::to", "device").Call(this, device, DType);
    public Tensor To(Device device, ScalarType dtype) => Op.Get("aten::to", "device").Call(this, device, dtype);
    public Tensor Cpu() => To(Device.Cpu);
    public Tensor Float() => To(ScalarType.Float32);
    public Tensor Double() => To(ScalarType.Float64);
    public Tensor ViewAsReal() => Op.Get("aten::view_as_real").Call(this);
    public Tensor ViewAsComplex() => Op.Get("aten::view_as_complex").Call(this);

    // c10::MemoryFormat::ChannelsLast
    private const long MemoryFormatChannelsLast = 2;
}
