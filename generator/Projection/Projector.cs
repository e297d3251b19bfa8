using QirenGan.Generator.Synthesis;
using QirenGan.Torch;
using QirenGan.Torch.Imaging;
using QirenGan.Torch.Nn;
using QirenGan.Torch.Optim;

namespace QirenGan.Generator.Projection;

/// <summary>What one optimisation step of a projection saw (valid during the callback only).</summary>
/// <param name="Step">0-based step.</param>
/// <param name="LearningRate">Adam's learning rate at this step (<see cref="ProjectionSchedule.LearningRate"/>).</param>
/// <param name="NoiseScale">Standard deviation of the noise added to w at this step.</param>
/// <param name="Loss">Per target: the distance minimised at this step (of the noisy w, before the update).</param>
/// <param name="Psnr">Per target: PSNR in dB of that step's image (uint8) against the target (∞ when equal).</param>
/// <param name="Images">That step's images, uint8 [B, 3, R, R] on the CPU.</param>
public sealed record ProjectionStep(int Step, double LearningRate, double NoiseScale, double[] Loss, double[] Psnr, Tensor Images);

/// <summary>
/// Projection of images into the generator, as StyleGAN2-ADA's <c>projector.py</c>: start every target from W's mean
/// (<see cref="WStatistics"/>), then for each step set Adam's learning rate and the w noise from
/// <see cref="ProjectionSchedule"/>, render (w + noise) broadcast to every slot (or one w per slot with
/// <see cref="ProjectionOptions.WPlus"/>), and take one Adam step (β = 0.9, 0.999) on the distance to the target.
/// The generator runs in eval mode (BatchNorm on its running statistics, as every render) with its weights frozen.
/// There are no noise inputs in this generator, so projector.py's noise-buffer regularisation has nothing to act on.
///
/// Several targets are projected at once as one batch of independent w's: the loss is the sum of the per-target
/// distances, so each w gets only its own target's gradient, and Adam is element-wise; every target draws its w noise
/// from its own stream seeded <see cref="ProjectionOptions.Seed"/>. A batch therefore gives each target what
/// projecting it alone gives (up to float rounding), at a fraction of the cost on a CPU.
/// </summary>
public static class Projector
{
    /// <param name="g">The generator (G_ema); put in eval mode for the projection and restored afterwards.</param>
    /// <param name="targets">uint8 [B, 3, R, R] at the generator's training resolution R.</param>
    /// <param name="distance">Images [B, 3, R, R] in [−1, 1] → per-target distances [B] (differentiable), e.g.
    /// <see cref="PixelDistance"/> or the VGG16 feature distance of QirenGan.Eval.</param>
    /// <param name="options">Steps, seed, W+ and the schedule constants.</param>
    /// <param name="stats">W's mean and spread (<see cref="WStatistics.Estimate"/>).</param>
    /// <param name="onStep">Called after every step (logging, frames of the optimisation).</param>
    /// <returns>The projected ws, float32 [B, NumWs, WDim] on the generator's device, after the last step.</returns>
    public static Tensor Project(QirenGenerator g, Tensor targets, Func<Tensor, Tensor> distance, ProjectionOptions options,
        WStatistics stats, Action<ProjectionStep>? onStep = null)
    {
        options.Validate();
        var r = g.Options.Resolution;
        if (targets.Dim != 4 || targets.Size(1) != 3 || targets.Size(2) != r || targets.Size(3) != r || targets.DType != ScalarType.UInt8)
        {
            throw new ArgumentException(
                $"Projector: targets must be uint8 [B, 3, {r}, {r}] (the training resolution), got {targets.DType} [{string.Join(", ", targets.Shape)}]");
        }
        var b = targets.Size(0);
        var c = (long)g.Options.WDim;
        var slots = options.WPlus ? g.NumWs : 1L;
        var wasTraining = g.Training;
        var parameters = g.Parameters().ToList();
        var requiresGrad = parameters.Select(p => p.Value.RequiresGrad).ToList();
        var rngs = new List<RandomGenerator>();
        using var scope = DisposeScope.Enter();
        try
        {
            g.Eval();
            g.RequiresGrad_(false);
            for (var i = 0; i < b; ++i)
            {
                rngs.Add(new RandomGenerator(options.Seed));
            }
            var device = stats.Mean.Device;
            // a copy: Adam updates it in place, and W's mean stays the start of the next projection
            using var w = new Parameter(stats.Mean.Reshape(1, 1, c).Expand(b, slots, c).Contiguous().Clone()); // [B, slots, WDim]
            using var adam = new Adam([("w", w)], options.InitialLearningRate, options.Beta1, options.Beta2);
            var targetsCpu = targets.Cpu();
            for (var step = 0; step < options.Steps; ++step)
            {
                using var stepScope = DisposeScope.Enter();
                var lr = ProjectionSchedule.LearningRate(step, options);
                var noiseScale = ProjectionSchedule.NoiseScale(step, stats.Std, options);
                adam.LearningRate = lr;
                var noise = Tensors.Stack([.. rngs.Select(rng => Tensors.Randn([slots, c], rng))]).To(device).Mul(noiseScale); // [B, slots, WDim]
                var noisy = w.Value.Add(noise);
                var ws = options.WPlus ? noisy : noisy.Expand(b, g.NumWs, c);                            // [B, NumWs, WDim]
                var synth = g.Synthesize(ws);                                                             // [B, 3, R, R]
                var dist = distance(synth);
                if (dist.Dim != 1 || dist.Size(0) != b)
                {
                    throw new InvalidOperationException($"Projector: the distance returned [{string.Join(", ", dist.Shape)}]; expected [{b}] (one per target)");
                }
                adam.ZeroGrad();
                dist.Sum().Backward();
                adam.Step();
                if (onStep is not null)
                {
                    var images = RgbImage.Quantize(synth).Cpu();
                    onStep(new ProjectionStep(step, lr, noiseScale, dist.Detach().Cpu().ToDoubles(), Psnr(images, targetsCpu), images));
                }
            }
            var result = options.WPlus ? w.Value.Detach().Clone() : w.Value.Detach().Expand(b, g.NumWs, c).Contiguous();
            return result.MoveToOuterScope();
        }
        finally
        {
            for (var i = 0; i < parameters.Count; ++i)
            {
                parameters[i].Value.RequiresGrad = requiresGrad[i];
            }
            g.Train(wasTraining);
            foreach (var rng in rngs)
            {
                rng.Dispose();
            }
        }
    }

    /// <summary>
    /// Peak signal-to-noise ratio of uint8 images [B, 3, H, W] against targets of the same shape, per image:
    /// 10·log₁₀(255² / MSE) with the MSE over every channel and pixel on the 0–255 scale; +∞ for identical images.
    /// </summary>
    public static double[] Psnr(Tensor images, Tensor targets)
    {
        if (images.Dim != 4 || !images.Shape.SequenceEqual(targets.Shape))
        {
            throw new ArgumentException($"Psnr: shapes [{string.Join(", ", images.Shape)}] and [{string.Join(", ", targets.Shape)}] differ");
        }
        using var scope = DisposeScope.Enter();
        var mse = images.To(ScalarType.Float64).Sub(targets.To(ScalarType.Float64)).Square().Mean([1, 2, 3]).ToDoubles();
        return [.. mse.Select(m => m == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / m))];
    }
}
