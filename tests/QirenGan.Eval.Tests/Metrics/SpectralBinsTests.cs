using QirenGan.Eval.Metrics;

namespace QirenGan.Eval.Tests.Metrics;

public sealed class SpectralBinsTests
{
    [Theory]
    [InlineData(32, 8)]
    [InlineData(64, 8)]
    [InlineData(128, 16)]
    [InlineData(256, 32)]
    public void Every_frequency_but_DC_is_in_one_bin(int size, int sectors)
    {
        var bins = SpectralBins.For(size);

        Assert.Equal(sectors, bins.Sectors);
        Assert.Equal(size * size - 1, bins.Counts.Sum());
        Assert.Equal(-1, bins.BinOf[size / 2 * size + size / 2]);
        // The corner (−R/2, −R/2) is the farthest frequency: ring round(R/√2)
        Assert.Equal((int)Math.Round(size / Math.Sqrt(2)), bins.Rings);
    }

    [Fact]
    public void Axes_and_diagonals_sit_in_the_middle_of_their_sectors()
    {
        // Given 8 sectors of 22.5° centred on 0°, 22.5°, …; θ measured with the vertical axis up (k_y counts rows down)
        var bins = new SpectralBins(16, 8);
        int Bin(int ky, int kx) => bins.BinOf[(ky + 8) * 16 + kx + 8];

        // Then k along x is at 0°, along y at 90°, (up, right) at 45° and (up, left) at 135°, on ring 1
        Assert.Equal(0, Bin(0, 1));
        Assert.Equal(0, Bin(0, -1));
        Assert.Equal(4, Bin(-1, 0));
        Assert.Equal(2, Bin(-1, 1));
        Assert.Equal(6, Bin(-1, -1));
        // and a frequency and its negative always share a bin (off the Nyquist row and column)
        for (var ky = -7; ky <= 7; ++ky)
        {
            for (var kx = -7; kx <= 7; ++kx)
            {
                Assert.Equal(Bin(ky, kx), Bin(-ky, -kx));
            }
        }
    }

    [Fact]
    public void Sector_counts_that_are_not_multiples_of_4_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SpectralBins(32, 6));
        Assert.Throws<ArgumentException>(() => new SpectralBins(1, 8));
    }
}
