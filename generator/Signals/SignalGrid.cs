namespace QirenGan.Generator.Signals;

/// <summary>Where a signal's samples sit in [−1, 1].</summary>
public enum SignalGrid
{
    /// <summary>r_j = 2j/R − 1: the QIREN GAN / INR-GAN grid (a 2R grid contains the R grid).</summary>
    Gan,

    /// <summary>r_j = −1 + 2j/(R − 1), torch.linspace(−1, 1, R): the official QIREN signal experiments' grid.</summary>
    Linspace,
}
