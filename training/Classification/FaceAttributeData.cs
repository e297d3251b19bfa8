using QirenGan.Torch;
using QirenGan.Training.Data;
using QirenGan.Training.Data.Faces;

namespace QirenGan.Training.Classification;

/// <summary>
/// A classification task the project can make by itself: the hair style (5 classes) of procedural faces, from a
/// grey 16×16 render, i.e. 256 = 2⁸ inputs, exactly the 8 qubit-like legs of a MERA layer without padding. Pixels are
/// standardised with the training split's per-pixel mean and standard deviation, so the layers see unit-variance
/// inputs as their initialisation assumes.
/// </summary>
public sealed class FaceAttributeData : IDisposable
{
    /// <summary>Render resolution: 16² = 256 grey inputs.</summary>
    public const int Resolution = 16;

    /// <summary>Added to each pixel's standard deviation, so a pixel that never varies (a corner) stays finite.</summary>
    public const double StdFloor = 1e-3;

    /// <summary>Number of classes (<see cref="HairStyle"/>).</summary>
    public static readonly int Classes = Enum.GetValues<HairStyle>().Length;

    /// <param name="train">Training faces (indices 0 … train − 1 of the set).</param>
    /// <param name="test">Held-out faces (the next indices).</param>
    /// <param name="seed">Seed of the face set.</param>
    public FaceAttributeData(int train, int test, int seed)
    {
        if (train < 2 || test < 1)
        {
            throw new ArgumentException($"classification data: need at least 2 training and 1 test faces, got {train} and {test}");
        }
        var (xs, ys) = Render(train + test, seed);
        using var scope = DisposeScope.Enter();
        var all = Tensors.FromArray(xs, [train + test, Resolution * Resolution]); // [N, 256] in [0, 1]
        var labels = Tensors.FromArray(ys, [train + test]);
        var trainX = all.Narrow(0, 0, train);
        var mean = trainX.Mean(0, keepDim: true);
        var std = trainX.Std([0L], keepDim: true).Add(StdFloor);
        TrainX = trainX.Sub(mean).Div(std).DetachFromDisposeScope();
        TestX = all.Narrow(0, train, test).Sub(mean).Div(std).DetachFromDisposeScope();
        TrainY = labels.Narrow(0, 0, train).Contiguous().DetachFromDisposeScope();
        TestY = labels.Narrow(0, train, test).Contiguous().DetachFromDisposeScope();
    }

    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    public int Inputs => Resolution * Resolution;

    private static (float[] Pixels, long[] Labels) Render(int count, int seed)
    {
        var pixels = new float[count * Resolution * Resolution];
        var labels = new long[count];
        Parallel.For(0, count, i =>
        {
            var (image, traits) = SyntheticFaces.RenderWithTraits(seed, i, Resolution);
            labels[i] = (long)traits.Style;
            for (var p = 0; p < Resolution * Resolution; ++p)
            {
                // Grey = mean of R, G, B in [0, 1].
                pixels[i * Resolution * Resolution + p] =
                    (image.Pixels[3 * p] + image.Pixels[3 * p + 1] + image.Pixels[3 * p + 2]) / (3 * 255f);
            }
        });
        return (pixels, labels);
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
