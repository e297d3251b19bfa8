namespace QirenGan.Hypernet;

/// <summary>What a per-image parameter slot holds; decides how its head is initialised.</summary>
public enum SlotKind
{
    /// <summary>FMM factor styles of a modulated per-pixel layer (INR-GAN); head bias initialised to 0, so
    /// W′ = W ⊙ (1 + L·R/√r) starts near W.</summary>
    Modulation,

    /// <summary>ToRGB styles (StyleGAN2 modulated 1×1 without demodulation); head bias initialised to 1.</summary>
    RgbStyle,

    /// <summary>Per-image circuit angles added to a shared θ that lives in the INR; the head starts small
    /// (initial weight × <see cref="StyleHeads.CircuitInitScale"/>, bias 0), so training starts from the shared
    /// circuit.</summary>
    CircuitAngles,

    /// <summary>Per-image offsets of the coordinate encoder's affine map of the pixel coordinates (one row
    /// (Δx, Δy, δ) per encoding angle or pre-activation); the head starts at
    /// <see cref="StyleHeads.CoordinateInitScale"/> with bias 0, so every image's feature gratings are shifted,
    /// turned and rescaled a little from the start.</summary>
    CoordinateAffine,
}

/// <summary>
/// One per-image parameter tensor the INR needs and the hypernetwork generates: declared by the INR, filled by
/// <see cref="StyleHeads"/>, so neither hard-codes the other's shapes.
/// </summary>
/// <param name="Name">Unique name without dots (becomes the head's module name, e.g. "fmm0").</param>
/// <param name="Shape">Per-image shape (without the batch dimension), e.g. [(c_in + c_out)·r].</param>
/// <param name="Kind">How the head is initialised.</param>
public sealed record ParameterSlot(string Name, long[] Shape, SlotKind Kind)
{
    /// <summary>Number of scalars per image.</summary>
    public long Numel => Shape.Aggregate(1L, (a, b) => a * b);

    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}] ({Kind})";
}
