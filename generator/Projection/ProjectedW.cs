using QirenGan.Torch;
using QirenGan.Torch.Checkpoints;

namespace QirenGan.Generator.Projection;

/// <summary>
/// projected_w.npz, StyleGAN2-ADA's format (projector.py writes it, generate.py --projected-w reads it): a numpy .npz
/// with one array <c>w</c>, float32 [N, num_ws, w_dim] — the latent of every synthesis slot, for N images (1 from a
/// projection).
/// </summary>
public static class ProjectedW
{
    public const string FileName = "projected_w.npz";

    /// <summary>The array's name inside the .npz.</summary>
    public const string Key = "w";

    /// <summary>Writes ws [N, num_ws, w_dim] (any float dtype, any device) as float32.</summary>
    public static void Write(string path, Tensor ws)
    {
        if (ws.Dim != 3)
        {
            throw new ArgumentException($"ProjectedW: expected ws [N, num_ws, w_dim], got [{string.Join(", ", ws.Shape)}]");
        }
        Npz.Write(path, new Dictionary<string, NpyArray> { [Key] = NpyArray.FromTensor(ws) });
    }

    /// <summary>
    /// Reads ws [N, numWs, wDim] (float32, CPU) from <paramref name="path"/>. A file without <c>w</c>, or whose w does not
    /// have the network's num_ws and w_dim, raises <see cref="InvalidDataException"/> naming the file and both shapes.
    /// </summary>
    public static Tensor Read(string path, int numWs, int wDim)
    {
        var arrays = Npz.Read(path);
        if (!arrays.TryGetValue(Key, out var w))
        {
            throw new InvalidDataException($"{path}: no array '{Key}' (it holds {string.Join(", ", arrays.Keys.Select(k => $"'{k}'"))}); expected StyleGAN2-ADA's projected_w.npz");
        }
        if (w.Shape.Length != 3 || w.Shape[0] < 1 || w.Shape[1] != numWs || w.Shape[2] != wDim)
        {
            throw new InvalidDataException(
                $"{path}: w has shape {w.ShapeText}, but this network needs [N, {numWs}, {wDim}] (N images × num_ws × w_dim)");
        }
        if (w.Data.Any(v => !float.IsFinite(v)))
        {
            throw new InvalidDataException($"{path}: w holds NaN or infinite values");
        }
        return w.ToTensor();
    }
}
