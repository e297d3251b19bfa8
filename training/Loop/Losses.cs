using QirenGan.Torch;

namespace QirenGan.Training.Loop;

/// <summary>
/// StyleGAN2-ADA's StyleGAN2Loss without path-length regularisation: non-saturating logistic loss for G,
/// logistic loss for D, and the R1 penalty ‖∇_x D(x)‖² on reals (Mescheder et al. 2018).
/// </summary>
public static class Losses
{
    /// <summary>softplus(−D(G(z))), averaged.</summary>
    public static Tensor Generator(Tensor fakeLogits) => fakeLogits.Neg().Softplus().Mean();

    /// <summary>softplus(D(G(z))) + softplus(−D(x)), averaged.</summary>
    public static Tensor Discriminator(Tensor fakeLogits, Tensor realLogits) =>
        DiscriminatorFake(fakeLogits).Add(DiscriminatorReal(realLogits));

    /// <summary>The fake half of the D loss: softplus(D(G(z))), averaged.</summary>
    public static Tensor DiscriminatorFake(Tensor fakeLogits) => fakeLogits.Softplus().Mean();

    /// <summary>The real half of the D loss: softplus(−D(x)), averaged.</summary>
    public static Tensor DiscriminatorReal(Tensor realLogits) => realLogits.Neg().Softplus().Mean();

    /// <summary>
    /// Per-image ‖∂ΣD/∂x‖² [B] for reals that require grad; built with create_graph so it trains D.
    /// </summary>
    public static Tensor R1(Tensor realLogits, Tensor reals)
    {
        var grad = Autograd.Grad([realLogits.Sum()], [reals], createGraph: true)[0]
            ?? throw new InvalidOperationException("R1: the logits do not depend on the images");
        return grad.Square().Sum([1, 2, 3]);
    }

    /// <summary>StyleGAN2-ADA's heuristic γ = 0.0002·R²/B.</summary>
    public static double AutoGamma(int resolution, int batch) => 0.0002 * resolution * resolution / batch;
}
