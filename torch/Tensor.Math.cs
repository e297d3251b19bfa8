using QirenGan.Torch.Native;

namespace QirenGan.Torch;

// Elementwise arithmetic and activations. Names follow PyTorch; a trailing underscore means in place.
public sealed partial class Tensor
{
    public Tensor Add(Tensor other, double alpha = 1) => Op.Get("aten::add", "Tensor").Call(this, other, alpha);
    public Tensor Add(double other) => Op.Get("aten::add", "Scalar").Call(this, other);
    public Tensor Sub(Tensor other, double alpha = 1) => Op.Get("aten::sub", "Tensor").Call(this, other, alpha);
    public Tensor Sub(double other) => Op.Get("aten::sub", "Scalar").Call(this, other);
    public Tensor Mul(Tensor other) => Op.Get("aten::mul", "Tensor").Call(this, other);
    public Tensor Mul(double other) => Op.Get("aten::mul", "Scalar").Call(this, other);
    public Tensor Div(Tensor other) => Op.Get("aten::div", "Tensor").Call(this, other);
    public Tensor Div(double other) => Op.Get("aten::div", "Scalar").Call(this, other);
    /// <summary><paramref name="other"/> − this.</summary>
    public Tensor RSub(double other) => Op.Get("aten::rsub", "Scalar").Call(this, other);
    public Tensor Neg() => Op.Get("aten::neg").Call(this);
    public Tensor Pow(double exponent) => Op.Get("aten::pow", "Tensor_Scalar").Call(this, exponent);
    public Tensor Pow(Tensor exponent) => Op.Get("aten::pow", "Tensor_Tensor").Call(this, exponent);
    public Tensor Square() => Op.Get("aten::square").Call(this);
    public Tensor Sqrt() => Op.Get("aten::sqrt").Call(this);
    public Tensor Rsqrt() => Op.Get("aten::rsqrt").Call(this);
    public Tensor Reciprocal() => Op.Get("aten::reciprocal").Call(this);
    public Tensor Exp() => Op.Get("aten::exp").Call(this);
    public Tensor Log() => Op.Get("aten::log").Call(this);
    public Tensor Log1p() => Op.Get("aten::log1p").Call(this);
    public Tensor Sin() => Op.Get("aten::sin").Call(this);
    public Tensor Cos() => Op.Get("aten::cos").Call(this);
    public Tensor Tanh() => Op.Get("aten::tanh").Call(this);
    public Tensor Atan2(Tensor other) => Op.Get("aten::atan2").Call(this, other);
    public Tensor Sigmoid() => Op.Get("aten::sigmoid").Call(this);
    public Tensor Abs() => Op.Get("aten::abs").Call(this);
    public Tensor Sign() => Op.Get("aten::sign").Call(this);
    public Tensor Floor() => Op.Get("aten::floor").Call(this);
    public Tensor Remainder(double divisor) => Op.Get("aten::remainder", "Scalar").Call(this, divisor);
    public Tensor Round() => Op.Get("aten::round").Call(this);
    public Tensor Relu() => Op.Get("aten::relu").Call(this);
    public Tensor LeakyRelu(double slope = 0.01) => Op.Get("aten::leaky_relu").Call(this, slope);
    /// <summary>
    /// Clamps to [min, max] like <see cref="Clamp"/>, but its backward is one fused kernel (clamp's is four in
    /// libtorch 1.13); the gradient is zero where the input lies at or beyond a bound.
    /// </summary>
    public Tensor Hardtanh(double min, double max) => Op.Get("aten::hardtanh").Call(this, min, max);
    /// <summary>
    /// LeakyRelu(slope) then Hardtanh(−clamp, clamp) as one autograd node that keeps only its output for backward (the
    /// two ops keep two full tensors); differentiable twice like them. <paramref name="clamp"/> ≤ 0 means no clamp.
    /// </summary>
    public Tensor LeakyReluClamp(double slope, double clamp)
    {
        var result = new Tensor(NativeMethods.qg_leaky_relu_clamp(Handle, slope, clamp));
        GC.KeepAlive(this);
        return result;
    }
    /// <summary>log(1 + eˣ), the softplus of the logistic GAN loss.</summary>
    public Tensor Softplus(double beta = 1, double threshold = 20) => Op.Get("aten::softplus").Call(this, beta, threshold);
    public Tensor Softmax(long dim) => Op.Get("aten::softmax", "int").Call(this, dim);
    public Tensor LogSoftmax(long dim) => Op.Get("aten::log_softmax", "int").Call(this, dim);
    /// <summary>Clamps to [min, max]; null leaves that side open.</summary>
    public Tensor Clamp(double? min = null, double? max = null) =>
        Op.Get("aten::clamp").Call(this, Arg.Optional(min), Arg.Optional(max));
    public Tensor Maximum(Tensor other) => Op.Get("aten::maximum").Call(this, other);
    public Tensor Minimum(Tensor other) => Op.Get("aten::minimum").Call(this, other);
    /// <summary>this + weight · (end − this).</summary>
    public Tensor Lerp(Tensor end, double weight) => Op.Get("aten::lerp", "Scalar").Call(this, end, weight);
    public Tensor Lerp(Tensor end, Tensor weight) => Op.Get("aten::lerp", "Tensor").Call(this, end, weight);
    public Tensor Addcmul(Tensor t1, Tensor t2, double value = 1) => Op.Get("aten::addcmul").Call(this, t1, t2, value);

    // ---- comparisons (bool tensors)
    public Tensor Eq(double v) => Op.Get("aten::eq", "Scalar").Call(this, v);
    public Tensor Eq(Tensor v) => Op.Get("aten::eq", "Tensor").Call(this, v);
    public Tensor Gt(double v) => Op.Get("aten::gt", "Scalar").Call(this, v);
    public Tensor Lt(double v) => Op.Get("aten::lt", "Scalar").Call(this, v);
    public Tensor Ge(double v) => Op.Get("aten::ge", "Scalar").Call(this, v);
    public Tensor Le(double v) => Op.Get("aten::le", "Scalar").Call(this, v);
    public Tensor Le(Tensor v) => Op.Get("aten::le", "Tensor").Call(this, v);
    public Tensor IsFinite() => Op.Get("aten::isfinite").Call(this);
    public Tensor LogicalNot() => Op.Get("aten::logical_not").Call(this);
    public Tensor MaskedFill(Tensor mask, double value) => Op.Get("aten::masked_fill", "Scalar").Call(this, mask, value);

    // ---- in place (return this)
    public Tensor Add_(Tensor other, double alpha = 1) { Op.Get("aten::add_", "Tensor").CallVoid(this, other, alpha); return this; }
    public Tensor Add_(double other) { Op.Get("aten::add_", "Scalar").CallVoid(this, other); return this; }
    public Tensor Sub_(Tensor other, double alpha = 1) { Op.Get("aten::sub_", "Tensor").CallVoid(this, other, alpha); return this; }
    public Tensor Mul_(Tensor other) { Op.Get("aten::mul_", "Tensor").CallVoid(this, other); return this; }
    public Tensor Mul_(double other) { Op.Get("aten::mul_", "Scalar").CallVoid(this, other); return this; }
    public Tensor Div_(Tensor other) { Op.Get("aten::div_", "Tensor").CallVoid(this, other); return this; }
    public Tensor Div_(double other) { Op.Get("aten::div_", "Scalar").CallVoid(this, other); return this; }
    public Tensor Addcmul_(Tensor t1, Tensor t2, double value = 1) { Op.Get("aten::addcmul_").CallVoid(this, t1, t2, value); return this; }
    public Tensor Addcdiv_(Tensor t1, Tensor t2, double value = 1) { Op.Get("aten::addcdiv_").CallVoid(this, t1, t2, value); return this; }
    public Tensor Lerp_(Tensor end, double weight) { Op.Get("aten::lerp_", "Scalar").CallVoid(this, end, weight); return this; }
    public Tensor Clamp_(double? min = null, double? max = null) { Op.Get("aten::clamp_").CallVoid(this, Arg.Optional(min), Arg.Optional(max)); return this; }
    /// <summary>In-place leaky ReLU; autograd keeps only the result (fine after an op whose backward needs no output, such as a convolution).</summary>
    public Tensor LeakyRelu_(double slope = 0.01) { Op.Get("aten::leaky_relu_").CallVoid(this, slope); return this; }
    /// <summary>In-place <see cref="Hardtanh"/>; autograd keeps only the result.</summary>
    public Tensor Hardtanh_(double min, double max) { Op.Get("aten::hardtanh_").CallVoid(this, min, max); return this; }
    public Tensor Sqrt_() { Op.Get("aten::sqrt_").CallVoid(this); return this; }
    public Tensor Copy_(Tensor source) { Op.Get("aten::copy_").CallVoid(this, source); return this; }
    public Tensor Zero_() { Op.Get("aten::zero_").CallVoid(this); return this; }
    public Tensor Fill_(double value) { Op.Get("aten::fill_", "Scalar").CallVoid(this, value); return this; }
    public Tensor Uniform_(double from = 0, double to = 1, RandomGenerator? generator = null) { Op.Get("aten::uniform_").CallVoid(this, from, to, generator); return this; }
    public Tensor Normal_(double mean = 0, double std = 1, RandomGenerator? generator = null) { Op.Get("aten::normal_").CallVoid(this, mean, std, generator); return this; }

    // ---- operators
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator +(Tensor a, double b) => a.Add(b);
    public static Tensor operator +(double a, Tensor b) => b.Add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator -(Tensor a, double b) => a.Sub(b);
    public static Tensor operator -(double a, Tensor b) => b.RSub(a);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator *(Tensor a, double b) => a.Mul(b);
    public static Tensor operator *(double a, Tensor b) => b.Mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator /(Tensor a, double b) => a.Div(b);
    public static Tensor operator /(double a, Tensor b) => b.Reciprocal().Mul(a);
    public static Tensor operator -(Tensor a) => a.Neg();
}
