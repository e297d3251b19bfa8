using QirenGan.Torch;
using QirenGan.Torch.Nn;

namespace QirenGan.Training.Loop;

/// <summary>
/// The exponential moving average of G's weights, as StyleGAN2-ADA: half-life ema_kimg thousand images, ramped
/// up as ema_nimg = min(ema_kimg·1000, cur_nimg·rampup); β = 0.5^(batch / ema_nimg). Buffers are copied.
/// </summary>
public static class Ema
{
    public static double Beta(int batch, long curNimg, double emaKimg, double? rampup)
    {
        var emaNimg = emaKimg * 1000;
        if (rampup is { } r)
        {
            emaNimg = Math.Min(emaNimg, curNimg * r);
        }
        return Math.Pow(0.5, batch / Math.Max(emaNimg, 1e-8));
    }

    /// <summary>p_ema ← p + β·(p_ema − p) for parameters; buffers copied.</summary>
    public static void Update(Module ema, Module source, double beta)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        foreach (var ((_, pe), (_, ps)) in ema.NamedParameters().Zip(source.NamedParameters()))
        {
            pe.Value.Copy_(ps.Value.Detach().Lerp(pe.Value, beta));
        }
        foreach (var ((_, be), (_, bs)) in ema.NamedBuffers().Zip(source.NamedBuffers()))
        {
            be.Value.Copy_(bs.Value);
        }
    }
}
