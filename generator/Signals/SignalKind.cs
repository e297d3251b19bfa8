namespace QirenGan.Generator.Signals;

/// <summary>What kind of signal is represented; it sets coordinates and the frequency scale of SIREN and RFF.</summary>
public enum SignalKind
{
    /// <summary>Images: coordinates (x, y) ∈ [−1, 1)², SIREN ω₀ = 30, RFF σ = 10 (the papers' image settings).</summary>
    Image,

    /// <summary>Audio: time ∈ [−1, 1), SIREN first ω₀ = 3000 (the SIREN paper's audio setting), RFF σ = 500.</summary>
    Audio,
}
