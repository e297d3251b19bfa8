using QirenGan.Discriminator;
using QirenGan.Generator.Synthesis;

namespace QirenGan.Cli.Bench;

/// <summary>
/// Floating-point operations of one training iteration, counted from the layer shapes (a multiply-add is 2).
/// Convolutions, matrix products and the FIR filters are counted; element-wise work (activations, clamps, Adam)
/// is memory traffic rather than arithmetic and is left out, as FLOP counts usually do.
/// </summary>
public static class IterationFlops
{
    /// <summary>D forward per image.</summary>
    public static double DiscriminatorForward(DiscriminatorOptions o)
    {
        double flops = 0;
        foreach (var r in o.BlockResolutions())
        {
            double tmp = o.Channels(r), output = o.Channels(r / 2), half = (r / 2) * (r / 2);
            if (r == o.Resolution)
            {
                flops += 2.0 * 3 * tmp * r * r;                                  // fromrgb 1×1
            }
            flops += 2.0 * 9 * tmp * tmp * r * r;                                // conv0 3×3
            flops += 2.0 * 16 * tmp * (r + 1) * (r + 1);                         // conv1's FIR (depthwise 4×4)
            flops += 2.0 * 9 * tmp * output * half;                              // conv1 3×3, stride 2
            flops += 2.0 * 16 * tmp * half + 2.0 * tmp * output * half;          // skip: FIR stride 2, then 1×1
        }
        const int e = DiscriminatorOptions.EpilogueResolution;
        double c = o.Channels(e);
        flops += 2.0 * 9 * (c + o.MbstdChannels) * c * e * e;                   // epilogue conv
        flops += 2.0 * c * e * e * c + 2.0 * c;                                  // fc, out
        return flops;
    }

    /// <summary>G forward per image at <paramref name="resolution"/> (mapping, style heads, per-pixel layers).</summary>
    public static double GeneratorForward(QirenGenerator g, int resolution)
    {
        var o = g.Options;
        double pixels = (double)resolution * resolution;
        var flops = 2.0 * o.ZDim * o.WDim + 2.0 * (o.MappingLayers - 1) * o.WDim * o.WDim;
        flops += 2.0 * o.WDim * g.Heads.Slots.Sum(s => (double)s.Numel);
        var widths = new[] { g.Encoder.Features }.Concat(o.HiddenWidths).Append(3).ToArray();
        for (var i = 0; i + 1 < widths.Length; ++i)
        {
            flops += 2.0 * pixels * widths[i] * widths[i + 1];                   // per-pixel modulated layers, ToRGB
        }
        // Each circuit: a 4×4 complex state through 2·S re-upload and A·S ansatz gates, ~100 real flops a gate.
        flops += pixels * g.Encoder.Features * 100.0 * (2 * o.Reuploads + o.CircuitDepth * o.Reuploads);
        return flops;
    }

    /// <summary>
    /// One iteration without R1, per image: the G step runs G forward, D forward, D backward for the input gradient
    /// only (D's weights are frozen) and G backward (≈ 2 forwards); the D step runs G forward without gradients and,
    /// for fakes and reals each, D forward and a backward for input and weight gradients (≈ 2 forwards).
    /// </summary>
    public static double Iteration(QirenGenerator g, DiscriminatorOptions d, int batch)
    {
        var gf = GeneratorForward(g, d.Resolution);
        var df = DiscriminatorForward(d);
        return batch * ((gf + df + df + 2 * gf) + (gf + 2 * (df + 2 * df)));
    }
}
