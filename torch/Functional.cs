namespace QirenGan.Torch;

/// <summary>Neural-network functions, as torch.nn.functional.</summary>
public static class Functional
{
    /// <summary>x·Wᵀ + b with W [out, in].</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) =>
        Op.Get("aten::linear").Call(input, weight, bias);

    /// <summary>2-d convolution of NCHW input with weight [out, in/groups, kh, kw].</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        Op.Get("aten::conv2d").Call(input, weight, bias, new[] { stride, stride }, new[] { padding, padding },
            new[] { dilation, dilation }, groups);

    /// <summary>2-d convolution with separate vertical/horizontal padding.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
        long groups = 1) =>
        Op.Get("aten::conv2d").Call(input, weight, bias, stride, padding, new long[] { 1, 1 }, groups);

    public static Tensor AvgPool2d(Tensor input, long kernel, long stride = 0) =>
        Op.Get("aten::avg_pool2d").Call(input, new[] { kernel, kernel }, new[] { stride == 0 ? kernel : stride, stride == 0 ? kernel : stride });

    public static Tensor MaxPool2d(Tensor input, long kernel, long stride = 0) =>
        Op.Get("aten::max_pool2d").Call(input, new[] { kernel, kernel }, new[] { stride == 0 ? kernel : stride, stride == 0 ? kernel : stride });

    public static Tensor AdaptiveAvgPool2d(Tensor input, long height, long width) =>
        Op.Get("aten::adaptive_avg_pool2d").Call(input, new[] { height, width });

    /// <summary>Resizes NCHW images; <paramref name="antialias"/> low-passes when shrinking (PIL-like).</summary>
    public static Tensor Interpolate(Tensor input, long height, long width, InterpolationMode mode,
        bool alignCorners = false, bool antialias = false)
    {
        var size = new[] { height, width };
        return mode switch
        {
            InterpolationMode.Nearest => Op.Get("aten::upsample_nearest2d", "vec").Call(input, size, Arg.None),
            InterpolationMode.Bilinear when antialias =>
                Op.Get("aten::_upsample_bilinear2d_aa", "vec").Call(input, size, alignCorners, Arg.None),
            InterpolationMode.Bilinear => Op.Get("aten::upsample_bilinear2d", "vec").Call(input, size, alignCorners, Arg.None),
            InterpolationMode.Bicubic when antialias =>
                Op.Get("aten::_upsample_bicubic2d_aa", "vec").Call(input, size, alignCorners, Arg.None),
            InterpolationMode.Bicubic => Op.Get("aten::upsample_bicubic2d", "vec").Call(input, size, alignCorners, Arg.None),
            InterpolationMode.Area => Op.Get("aten::adaptive_avg_pool2d").Call(input, size),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }

    /// <summary>
    /// Batch normalisation over dim 1. In training mode uses batch statistics and updates the running ones
    /// in place (momentum as in PyTorch); in eval mode uses the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum = 0.1, double eps = 1e-5) =>
        Op.Get("aten::batch_norm").Call(input, weight, bias, runningMean, runningVar, training, momentum, eps, false);

    public static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight = null, Tensor? bias = null,
        double eps = 1e-5) =>
        Op.Get("aten::layer_norm").Call(input, normalizedShape, weight, bias, eps);

    /// <summary>Constant padding; <paramref name="pad"/> lists (left, right, top, bottom, …) from the last dim.</summary>
    public static Tensor Pad(Tensor input, long[] pad, double value = 0) =>
        Op.Get("aten::constant_pad_nd").Call(input, pad, value);

    public static Tensor ReflectionPad2d(Tensor input, long[] pad) => Op.Get("aten::reflection_pad2d").Call(input, pad);

    public static Tensor Dropout(Tensor input, double p, bool training) => Op.Get("aten::dropout").Call(input, p, training);
}

public enum InterpolationMode
{
    Nearest,
    Bilinear,
    Bicubic,
    Area,
}
