using QirenGan.Torch;

namespace QirenGan.Eval.Projection;

/// <summary>
/// The perceptual distance StyleGAN2-ADA's <c>projector.py</c> minimises: its TorchScript VGG16
/// (<c>metrics/vgg16.pt</c>, the file pr50k3 takes) called as <c>vgg16(img, resize_images=False, return_lpips=True)</c>
/// on float images in [0, 255] at 256×256, which returns per image the LPIPS-normalised VGG16 features
/// (channel-normalised activations of five layers, scaled by LPIPS's learned weights, flattened); the distance is
/// the squared L2 distance of those vectors, Σ (f_target − f_image)². projector.py shrinks images larger than 256
/// with area averaging; smaller ones (a 32×32 generator) are enlarged here to 256 by bilinear interpolation
/// (half-pixel centres), so VGG16 sees faces at the scale it was trained on (at 32×32 its deepest maps would be 2×2).
/// The module's weights are frozen; gradients reach the images only.
/// </summary>
public sealed class VggDistance : IDisposable
{
    /// <summary>Side of the images VGG16 sees (projector.py's 256).</summary>
    public const int Side = 256;

    public const string FileName = "vgg16.pt";

    public const string DownloadUrl = "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt";

    private readonly TorchScript _module;
    private Tensor? _targetFeatures;

    private VggDistance(TorchScript module) => _module = module;

    public string Path => _module.Path;

    /// <summary>
    /// Loads the file and checks it behaves as StyleGAN2-ADA's vgg16.pt (takes resize_images and return_lpips, returns
    /// one feature vector per image). A missing file raises <see cref="FileNotFoundException"/>; anything else that is
    /// not that module raises <see cref="InvalidDataException"/> naming the file and the download URL.
    /// </summary>
    public static VggDistance Load(string path, Device? device = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{full}: VGG16 detector not found (StyleGAN2-ADA's {FileName}: {DownloadUrl})", full);
        }
        TorchScript module;
        try
        {
            module = TorchScript.Load(full, device);
        }
        catch (TorchException e)
        {
            throw new InvalidDataException($"{full}: not a TorchScript file, so not StyleGAN2-ADA's {FileName} ({DownloadUrl}): {FirstLine(e.Message)}", e);
        }
        var vgg = new VggDistance(module);
        try
        {
            module.RequiresGrad_(false);
            using var scope = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            var probe = vgg.Features(Tensors.Zeros([1, 3, 8, 8], device: device ?? Device.Cpu));
            if (probe.Dim != 2 || probe.Size(0) != 1)
            {
                throw new InvalidDataException($"returned [{string.Join(", ", probe.Shape)}] for one image, expected [1, D]");
            }
        }
        catch (Exception e) when (e is TorchException or InvalidDataException)
        {
            vgg.Dispose();
            throw new InvalidDataException(
                $"{full}: does not behave as StyleGAN2-ADA's {FileName} ({DownloadUrl}) called with resize_images=False, return_lpips=True: {FirstLine(e.Message)}", e);
        }
        return vgg;
    }

    /// <summary>Sets the targets, uint8 [B, 3, H, W]; their features are computed once.</summary>
    public void SetTargets(Tensor targets)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var features = Features(targets.To(ScalarType.Float32));
        _targetFeatures?.Dispose();
        _targetFeatures = features.DetachFromDisposeScope();
    }

    /// <summary>Images [B, 3, H, W] in [−1, 1] → [B]: Σ (f_target − f_image)² per image (differentiable).</summary>
    public Tensor Distance(Tensor images)
    {
        var target = _targetFeatures ?? throw new InvalidOperationException("VggDistance: SetTargets first");
        using var scope = DisposeScope.Enter();
        var features = Features(images.Add(1).Mul(255 / 2.0));                 // [0, 255], as projector.py
        if (features.Size(0) != target.Size(0))
        {
            throw new ArgumentException($"VggDistance: {features.Size(0)} images for {target.Size(0)} targets");
        }
        return target.Sub(features).Square().Sum(1).MoveToOuterScope();        // [B]
    }

    /// <summary>Float images [B, 3, H, W] in [0, 255] → LPIPS features [B, D] at <see cref="Side"/>.</summary>
    private Tensor Features(Tensor images)
    {
        using var scope = DisposeScope.Enter();
        var x = images;
        if (x.Size(2) > Side || x.Size(3) > Side)
        {
            x = Functional.Interpolate(x, Side, Side, InterpolationMode.Area);
        }
        else if (x.Size(2) < Side || x.Size(3) < Side)
        {
            x = Functional.Interpolate(x, Side, Side, InterpolationMode.Bilinear);
        }
        return _module.Forward(x, ("resize_images", false), ("return_lpips", true)).MoveToOuterScope();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public void Dispose()
    {
        _targetFeatures?.Dispose();
        _module.Dispose();
    }
}
