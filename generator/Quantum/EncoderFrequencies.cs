using QirenGan.Generator.Coordinates;
using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The spatial frequency of one encoder wire k: its RZ angle u_k = γ_k·(F_k·p − μ_k)/√(σ_k² + ε) + β_k is affine in
/// the pixel coordinates p, with gradient g_k = γ_k·F_k/√(σ_k² + ε) radians per coordinate unit. Coordinates span 2
/// units per image (r_j = 2j/R − 1, <see cref="CoordinateGrid"/>), so the angle turns g_k·2/(2π) = g_k/π times
/// across the image: (<see cref="Fx"/>, <see cref="Fy"/>) in cycles per image width (height).
/// </summary>
/// <param name="Circuit">c, the circuit this wire belongs to.</param>
/// <param name="Wire">0 or 1: the wire of circuit c (encoder row 2c + Wire).</param>
/// <param name="Fx">Cycles per image width along x.</param>
/// <param name="Fy">Cycles per image height along y.</param>
/// <param name="Reuploads">S: the circuit's output holds harmonics 0…S of this angle.</param>
public sealed record WireFrequency(int Circuit, int Wire, double Fx, double Fy, int Reuploads)
{
    /// <summary>‖f‖ in cycles per image: the fundamental of the grating this wire draws.</summary>
    public double Magnitude => Math.Sqrt(Fx * Fx + Fy * Fy);

    /// <summary>Direction of the wave vector in degrees (0 = the grating varies along x, its stripes are vertical; 90 = along y).</summary>
    public double OrientationDegrees => Math.Atan2(Fy, Fx) * 180 / Math.PI;

    /// <summary>S·‖f‖: the highest harmonic of this angle in the circuit's output, cycles per image.</summary>
    public double HighestHarmonic => Reuploads * Magnitude;
}

/// <summary>
/// The frequencies of circuit c: its output is a trigonometric polynomial Σ a_{m,n}·e^{i(m·u_a + n·u_b)} with
/// |m|, |n| ≤ S (each RZ re-upload adds ±½ to the phase of one wire), so its spatial spectrum is m·f_a + n·f_b and
/// its highest frequency S·max(‖f_a + f_b‖, ‖f_a − f_b‖) (a corner of the square of (m, n)).
/// </summary>
/// <param name="First">Wire 0 (encoder row 2c).</param>
/// <param name="Second">Wire 1 (encoder row 2c + 1).</param>
/// <param name="Resolution">R, the resolution whose Nyquist limit R/2 cycles per image the circuit is checked against.</param>
public sealed record CircuitFrequency(WireFrequency First, WireFrequency Second, int Resolution)
{
    public int Circuit => First.Circuit;

    /// <summary>S·max(‖f_a + f_b‖, ‖f_a − f_b‖): the highest spatial frequency of the circuit's output, cycles per image.</summary>
    public double MaxFrequency
    {
        get
        {
            var sum = Math.Sqrt(Math.Pow(First.Fx + Second.Fx, 2) + Math.Pow(First.Fy + Second.Fy, 2));
            var difference = Math.Sqrt(Math.Pow(First.Fx - Second.Fx, 2) + Math.Pow(First.Fy - Second.Fy, 2));
            return First.Reuploads * Math.Max(sum, difference);
        }
    }

    /// <summary>R/2 cycles per image: the highest frequency an R×R grid represents.</summary>
    public double Nyquist => Resolution / 2.0;

    /// <summary>Whether the circuit's highest frequency exceeds <see cref="Nyquist"/>, so the R×R samples alias it.</summary>
    public bool AboveNyquist => MaxFrequency > Nyquist;
}

/// <summary>
/// The effective frequencies of a <see cref="QuantumFeatureEncoder"/>'s wires, from F and its BatchNorm: ‖F‖ alone
/// does not set them, since BatchNorm divides F_k·p by its standard deviation σ_k. σ_k is what the BatchNorm uses
/// in its current mode: the running variance in evaluation mode (G_ema, every render), the biased variance of F_k·p
/// over the R×R training grid in training mode (G in a training step).
/// </summary>
public static class EncoderFrequencies
{
    /// <summary>Per circuit, both wires' frequencies and the circuit's highest one, checked against R/2.</summary>
    /// <param name="encoder">The encoder (any device).</param>
    /// <param name="resolution">R: the training grid (training-mode statistics) and the Nyquist limit.</param>
    public static IReadOnlyList<CircuitFrequency> Of(QuantumFeatureEncoder encoder, int resolution)
    {
        if (resolution < 1)
        {
            throw new ArgumentException($"EncoderFrequencies: resolution must be positive, got {resolution}");
        }
        var f = encoder.Projection.Value.ToDoubles();                                         // [2C, 2] row-major
        var gamma = encoder.Norm.Weight.Value.ToDoubles();                                    // [2C]
        var variance = encoder.Norm.Training ? GridVariances(f, resolution) : encoder.Norm.RunningVar.Value.ToDoubles();
        var wires = new WireFrequency[2 * encoder.Circuits];
        for (var k = 0; k < wires.Length; ++k)
        {
            var scale = gamma[k] / Math.Sqrt(variance[k] + Inr.BatchNorm.DefaultEps) / Math.PI;
            wires[k] = new WireFrequency(k / 2, k % 2, scale * f[2 * k], scale * f[2 * k + 1], encoder.Spec.Reuploads);
        }
        return [.. Enumerable.Range(0, encoder.Circuits).Select(c => new CircuitFrequency(wires[2 * c], wires[2 * c + 1], resolution))];
    }

    /// <summary>
    /// Biased variance of F_k·p = a·x + b·y over the R×R grid: x and y range independently over the same axis, so
    /// it is (a² + b²)·Var(axis).
    /// </summary>
    private static double[] GridVariances(double[] f, int resolution)
    {
        var axis = CoordinateGrid.Axis(resolution);
        var mean = axis.Average();
        var axisVariance = axis.Sum(v => (v - mean) * (v - mean)) / axis.Length;
        return [.. Enumerable.Range(0, f.Length / 2).Select(k => (f[2 * k] * f[2 * k] + f[2 * k + 1] * f[2 * k + 1]) * axisVariance)];
    }
}
