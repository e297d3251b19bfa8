using QirenGan.Torch;

namespace QirenGan.Generator.Coordinates;

/// <summary>
/// Per-image affine offsets of a coordinate encoder's first map (<see cref="Synthesis.GeneratorOptions.CoordinateStyles"/>):
/// row k of an offset (Δx_k, Δy_k, δ_k) adds Δ_k·p + δ_k to the k-th encoding angle or pre-activation at pixel p. A
/// grating cos(a_k·p + c_k) becomes cos((a_k + Δ_k)·p + c_k + δ_k): the hypernet turns, rescales and shifts every
/// feature per image (INR-GAN generates every layer from the latent), so the features' level sets — the only
/// spatial structure the per-pixel layers can recolour — differ from face to face instead of being one template.
/// </summary>
public static class CoordinateAffine
{
    /// <summary>Scalars per row: Δx, Δy, δ.</summary>
    public const int RowWidth = 3;

    /// <summary>The slot shape of <paramref name="rows"/> angles: [K, 3].</summary>
    public static long[] Shape(int rows) => [rows, RowWidth];

    /// <summary>coords [P, 2], offset [B, K, 3] → Δ·p + δ as [B, P, K].</summary>
    public static Tensor Apply(Tensor coords, Tensor offset)
    {
        if (coords.Dim != 2 || coords.Size(1) != 2 || offset.Dim != 3 || offset.Size(2) != RowWidth)
        {
            throw new ArgumentException(
                $"CoordinateAffine: expected coords [P, 2] and offset [B, K, {RowWidth}], got {coords} and {offset}");
        }
        using var scope = DisposeScope.Enter();
        var linear = offset.Narrow(2, 0, 2).Transpose(1, 2);                     // [B, 2, K]
        var shift = offset.Select(2, 2).Unsqueeze(1);                             // [B, 1, K]
        return coords.To(offset.DType).MatMul(linear).Add(shift).MoveToOuterScope(); // [B, P, K]
    }
}
