using QirenGan.Torch;

namespace QirenGan.Generator.Coordinates;

/// <summary>
/// Per-image affine offsets of a coordinate encoder's first map (<see cref="Synthesis.GeneratorOptions.CoordinateStyles"/>):
/// row k of an offset (Δx_k, Δy_k, δ_k) adds Δ_k·p + δ_k to the k-th encoding angle or pre-activation at pixel p (a
/// phase-only row (δ_k) adds δ_k). A
/// grating cos(a_k·p + c_k) becomes cos((a_k + Δ_k)·p + c_k + δ_k): the hypernet turns, rescales and shifts every
/// feature per image (INR-GAN generates every layer from the latent), so the features' level sets — the only
/// spatial structure the per-pixel layers can recolour — differ from face to face instead of being one template.
/// </summary>
public static class CoordinateAffine
{
    /// <summary>Scalars per row: Δx, Δy, δ.</summary>
    public const int AffineWidth = 3;

    /// <summary>The slot shape of <paramref name="rows"/> angles: [K, 3] (affine) or [K, 1] (phase only).</summary>
    public static long[] Shape(int rows, bool phaseOnly = false) => [rows, phaseOnly ? 1 : AffineWidth];

    /// <summary>coords [P, 2], offset [B, K, 3] (Δx, Δy, δ) or [B, K, 1] (δ) → Δ·p + δ as [B, P, K].</summary>
    public static Tensor Apply(Tensor coords, Tensor offset)
    {
        if (coords.Dim != 2 || coords.Size(1) != 2 || offset.Dim != 3 || (offset.Size(2) != AffineWidth && offset.Size(2) != 1))
        {
            throw new ArgumentException(
                $"CoordinateAffine: expected coords [P, 2] and offset [B, K, {AffineWidth} or 1], got {coords} and {offset}");
        }
        using var scope = DisposeScope.Enter();
        var shift = offset.Select(2, offset.Size(2) - 1).Unsqueeze(1);            // [B, 1, K]
        if (offset.Size(2) == 1)
        {
            return shift.Expand(offset.Size(0), coords.Size(0), offset.Size(1)).MoveToOuterScope(); // [B, P, K]
        }
        var linear = offset.Narrow(2, 0, 2).Transpose(1, 2);                     // [B, 2, K]
        return coords.To(offset.DType).MatMul(linear).Add(shift).MoveToOuterScope(); // [B, P, K]
    }
}
