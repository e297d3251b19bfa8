using System.Globalization;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// Gate and readout error rates of a noisy device, simulated by <see cref="DensityMatrixSimulator"/>. Where each
/// channel acts: after every single-qubit gate (U3 and the RZ encoding) the 1-qubit depolarising, amplitude
/// damping and phase damping channels act on its wire; after every CNOT the 2-qubit depolarising channel acts on
/// its pair of wires and amplitude/phase damping on both; readout flips each measured bit independently.
/// All rates are probabilities in [0, 1]; 0 = the channel is absent.
/// </summary>
/// <param name="Depol1">p of ρ → (1−p)ρ + p·Tr_q(ρ)⊗I/2 on a single-qubit gate's wire (scales ⟨Z⟩ by 1−p).</param>
/// <param name="Depol2">p of ρ → (1−p)ρ + p·Tr_ab(ρ)⊗I/4 on a CNOT's two wires.</param>
/// <param name="AmplitudeDamping">γ: |1⟩ decays to |0⟩ with probability γ (Kraus diag(1, √(1−γ)) and √γ·|0⟩⟨1|).</param>
/// <param name="PhaseDamping">λ: coherences between |0⟩ and |1⟩ of the wire are scaled by √(1−λ).</param>
/// <param name="Readout">ε: each measured bit is reported flipped with probability ε (maps ⟨Z⟩ → (1−2ε)⟨Z⟩).</param>
public sealed record NoiseModel(
    double Depol1 = 0,
    double Depol2 = 0,
    double AmplitudeDamping = 0,
    double PhaseDamping = 0,
    double Readout = 0)
{
    /// <summary>The noiseless device (the density-matrix simulation then equals the exact statevector one).</summary>
    public static readonly NoiseModel None = new();

    /// <summary>True when every rate is 0.</summary>
    public bool IsZero => Depol1 == 0 && Depol2 == 0 && AmplitudeDamping == 0 && PhaseDamping == 0 && Readout == 0;

    /// <summary>
    /// Every gate-error rate multiplied by <paramref name="factor"/> (zero-noise extrapolation's "noise scaled k×";
    /// what pulse stretching or gate folding does to first order). Readout is not scaled: folding gates does not
    /// change the measurement, so ZNE leaves readout error to readout mitigation.
    /// </summary>
    public NoiseModel Scaled(double factor)
    {
        var scaled = this with
        {
            Depol1 = Depol1 * factor,
            Depol2 = Depol2 * factor,
            AmplitudeDamping = AmplitudeDamping * factor,
            PhaseDamping = PhaseDamping * factor,
        };
        scaled.Validate($"--zne (noise scaled {factor.ToString(CultureInfo.InvariantCulture)}×)");
        return scaled;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> when a rate is not in [0, 1].</summary>
    public void Validate(string option = "--noise")
    {
        foreach (var (name, value) in Rates())
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentException($"{option}: {name} must be a probability in [0, 1], got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    /// <summary>"depol1=1e-3,depol2=1e-2,amp=…,phase=…,readout=…" (any subset, any order), or "none" → a noise model.</summary>
    public static NoiseModel Parse(string text, string option = "--noise")
    {
        var model = None;
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return model;
        }
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"{option}: cannot parse '{part}' (expected NAME=RATE, e.g. depol1=1e-3)");
            }
            model = part[..eq].Trim().ToLowerInvariant() switch
            {
                "depol1" => model with { Depol1 = value },
                "depol2" => model with { Depol2 = value },
                "amp" => model with { AmplitudeDamping = value },
                "phase" => model with { PhaseDamping = value },
                "readout" => model with { Readout = value },
                var name => throw new ArgumentException(
                    $"{option}: unknown channel '{name}' (known: depol1, depol2, amp, phase, readout)"),
            };
        }
        model.Validate(option);
        return model;
    }

    /// <summary>The <see cref="Parse"/> syntax with 4 significant digits per rate, for people (logs, labels).</summary>
    public override string ToString() => Format("G4");

    /// <summary>
    /// The <see cref="Parse"/> syntax with every rate written so that it parses back to the same double, bit for bit:
    /// the form snapshots store (<see cref="NoiseModelJson"/>), where <see cref="ToString"/>'s 4 digits would change
    /// the device a noise-aware generator was trained for.
    /// </summary>
    public string ToRoundTripString() => Format("R");

    // nonzero rates only, in a fixed order; "none" when every rate is 0 (Parse reads both back)
    private string Format(string number) =>
        string.Join(",", Rates().Where(r => r.Value != 0).Select(r => $"{r.Name}={r.Value.ToString(number, CultureInfo.InvariantCulture)}")) is { Length: > 0 } s
            ? s
            : "none";

    private IEnumerable<(string Name, double Value)> Rates() =>
    [
        ("depol1", Depol1), ("depol2", Depol2), ("amp", AmplitudeDamping), ("phase", PhaseDamping), ("readout", Readout),
    ];
}
