using QirenGan.Torch;
using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Loop;

/// <summary>Tiles uint8 images [N, 3, H, W] row by row into one picture, <c>columns</c> wide.</summary>
public static class SampleGrid
{
    public static RgbImage Tile(Tensor images, int columns)
    {
        using var scope = DisposeScope.Enter();
        var n = images.Size(0);
        var rows = (n + columns - 1) / columns;
        var (h, w) = (images.Size(2), images.Size(3));
        var padded = n == rows * columns
            ? images
            : Tensors.Cat([images, Tensors.Zeros([rows * columns - n, 3, h, w], ScalarType.UInt8, images.Device)]);
        var grid = padded.Reshape(rows, columns, 3, h, w).Permute(2, 0, 3, 1, 4).Reshape(3, rows * h, columns * w);
        return RgbImage.FromTensor(grid.Cpu());
    }
}
